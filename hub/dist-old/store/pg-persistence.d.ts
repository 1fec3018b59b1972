import type pg from "pg";
import type { LogRecord, StoredLog, TimelinePersistence } from "./log-record.js";
/** Decides inside an append's transaction whether this node may write the session (throws WriteRefusedError if not). */
export interface WriteFence {
    check(client: pg.PoolClient, sessionId: string, records: readonly LogRecord[]): Promise<void>;
    /**
     * A write failed for another reason than the fence (a lost connection) and could not be
     * retried in time: from now on the fence refuses the session's writes here, as if lost.
     */
    abandon?(sessionId: string): void;
}
export interface PgPersistenceOptions {
    pool: pg.Pool;
    /** Ownership check run in every append's transaction; none means every write is allowed (one node). */
    fence?: WriteFence;
    /** Runs in each append's transaction, after the fence (cluster: a started prompt leaves the queue table). */
    inAppend?: (client: pg.PoolClient, sessionId: string, records: readonly LogRecord[]) => Promise<void>;
    /** Told about every batch once its transaction committed (cluster nodes pass it on). */
    onWritten?: (sessionId: string, records: readonly LogRecord[]) => void;
    /**
     * Fenced: for how long (ms, from its first failure) a batch whose transaction failed for another reason than the fence
     * (the server ended the connection, a timeout) is tried again on a fresh connection. The
     * fence inside each try keeps it safe. Default 0: no retry.
     */
    retryMs?: number;
    /** Told about each failed try that is tried again. */
    onRetry?: (sessionId: string, error: unknown, attempt: number) => void;
}
/**
 * Session logs in PostgreSQL: one `sessions` row (latest summary, compaction fold) and one
 * `events` row per event, keyed `(session_id, seq)`, so a replay is an index range read.
 * Each batch is one transaction, checked by the fence first: a node that lost the session's
 * lease cannot write a single record.
 */
export declare class PgTimelinePersistence implements TimelinePersistence {
    private readonly options;
    constructor(options: PgPersistenceOptions);
    loadAll(): Promise<StoredLog[]>;
    /** One session's stored log (a node catching up on a session another node wrote); undefined if unknown. */
    load(sessionId: string): Promise<StoredLog | undefined>;
    /** The highest stored seq of a session (0 when none). */
    lastSeq(sessionId: string): Promise<number>;
    /** Events after `afterSeq`, in order: the index range read a replay needs. */
    eventsAfter(sessionId: string, afterSeq: number, limit?: number): Promise<unknown[]>;
    append(sessionId: string, records: readonly LogRecord[]): Promise<void>;
    rewrite(sessionId: string, records: readonly LogRecord[]): Promise<void>;
    /** Removes the session, its events, queued prompts and lease, in one transaction. */
    delete(sessionId: string): Promise<void>;
    close(): Promise<void>;
    private logOf;
}
//# sourceMappingURL=pg-persistence.d.ts.map