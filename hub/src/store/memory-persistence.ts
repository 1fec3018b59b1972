import type { SessionEvent } from "@aiflare/protocol";
import type { LogRecord, StoredLog, TimelinePersistence } from "./log-record.js";
import { storedEvents } from "./stored-events.js";

/** Keeps logs in memory (JSON round-tripped, as on disk); for tests and throwaway hubs. */
export class MemoryPersistence implements TimelinePersistence {
  private readonly logs = new Map<string, string[]>();
  /** Event lines a compaction left out of a log, as the JSONL persistence archives them. */
  private readonly archives = new Map<string, string[]>();

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
    const kept = new Set(records.flatMap((record) => (record.t === "event" ? [record.v.seq] : [])));
    const dropped = (this.logs.get(sessionId) ?? []).filter((line) => {
      const record = JSON.parse(line) as LogRecord;
      return record.t === "event" && !kept.has(record.v.seq);
    });
    this.archives.set(sessionId, [...(this.archives.get(sessionId) ?? []), ...dropped]);
    this.logs.set(sessionId, records.map((record) => JSON.stringify(record)));
    return Promise.resolve();
  }

  readEvents(sessionId: string, afterSeq: number, untilSeq: number): Promise<SessionEvent[]> {
    const lines = [...(this.logs.get(sessionId) ?? []), ...(this.archives.get(sessionId) ?? [])];
    return Promise.resolve(storedEvents(sessionId, lines.map((line) => JSON.parse(line) as unknown), afterSeq, untilSeq));
  }

  delete(sessionId: string): Promise<void> {
    this.logs.delete(sessionId);
    this.archives.delete(sessionId);
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
