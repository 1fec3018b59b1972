import type { LogRecord, StoredLog, TimelinePersistence } from "./log-record.js";

/** Keeps logs in memory (JSON round-tripped, as on disk); for tests and throwaway hubs. */
export class MemoryPersistence implements TimelinePersistence {
  private readonly logs = new Map<string, string[]>();

  loadAll(): Promise<StoredLog[]> {
    return Promise.resolve(
      [...this.logs].map(([sessionId, lines]) => ({
        sessionId,
        records: lines.map((line) => JSON.parse(line) as unknown),
        skippedLines: 0,
      })),
    );
  }

  append(sessionId: string, records: readonly LogRecord[]): Promise<void> {
    let lines = this.logs.get(sessionId);
    if (!lines) this.logs.set(sessionId, (lines = []));
    for (const record of records) lines.push(JSON.stringify(record));
    return Promise.resolve();
  }

  rewrite(sessionId: string, records: readonly LogRecord[]): Promise<void> {
    this.logs.set(sessionId, records.map((record) => JSON.stringify(record)));
    return Promise.resolve();
  }

  delete(sessionId: string): Promise<void> {
    this.logs.delete(sessionId);
    return Promise.resolve();
  }

  /** Number of records stored for a session (tests use it to see compaction). */
  recordCount(sessionId: string): number {
    return this.logs.get(sessionId)?.length ?? 0;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
