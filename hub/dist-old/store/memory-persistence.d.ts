import type { LogRecord, StoredLog, TimelinePersistence } from "./log-record.js";
/** Keeps logs in memory (JSON round-tripped, as on disk); for tests and throwaway hubs. */
export declare class MemoryPersistence implements TimelinePersistence {
    private readonly logs;
    loadAll(): Promise<StoredLog[]>;
    append(sessionId: string, records: readonly LogRecord[]): Promise<void>;
    rewrite(sessionId: string, records: readonly LogRecord[]): Promise<void>;
    delete(sessionId: string): Promise<void>;
    /** Number of records stored for a session (tests use it to see compaction). */
    recordCount(sessionId: string): number;
    close(): Promise<void>;
}
//# sourceMappingURL=memory-persistence.d.ts.map