import type { LogRecord, SessionRecords, StoredLog, TimelinePersistence } from "./log-record.js";
/**
 * One append-only JSONL file per session under `<dir>/sessions`. An append is one `write`
 * on an open descriptor, whatever the log's length. Writes are synchronous: a group commit
 * writes every session's batch in one pass of `write(2)` calls to the page cache (measured
 * ~4 µs CPU per session against ~20 µs for a thread-pool write and its promise; see
 * plan/benchmarks.md), and a `kill -9` cannot take back what `write` returned from. A torn
 * last line (a crash mid-write) is cut off at load; compaction writes a temp file, fsyncs it
 * and renames it over the log.
 */
export declare class JsonlPersistence implements TimelinePersistence {
    private readonly dir;
    /** Open append descriptors, least recently used first (a Map keeps insertion order). */
    private readonly handles;
    private readonly maxOpen;
    /** `maxOpenFiles` bounds the append handles kept open, so thousands of sessions never exhaust file descriptors. */
    constructor(options: {
        dataDir: string;
        maxOpenFiles?: number;
    });
    loadAll(): Promise<StoredLog[]>;
    private readLog;
    append(sessionId: string, records: readonly LogRecord[]): Promise<void>;
    /** Group commit: every session's batch, one `write` each, in one synchronous pass. */
    appendMany(batches: readonly SessionRecords[]): Promise<PromiseSettledResult<void>[]>;
    rewrite(sessionId: string, records: readonly LogRecord[]): Promise<void>;
    delete(sessionId: string): Promise<void>;
    /** fdatasyncs and closes every descriptor, all at once on the thread pool. */
    close(): Promise<void>;
    private write;
    private fdOf;
    private pathOf;
}
//# sourceMappingURL=jsonl-persistence.d.ts.map