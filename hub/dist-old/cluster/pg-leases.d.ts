import type pg from "pg";
import type { LogRecord } from "../store/log-record.js";
import type { WriteFence } from "../store/pg-persistence.js";
import type { SessionOwnership } from "./ownership.js";
export interface PgLeasesOptions {
    pool: pg.Pool;
    nodeId: string;
    /** How long a lease lasts without renewal (default 10 s). Renewed every third of it. */
    leaseMs?: number;
    /** A held lease turned out to be someone else's (this node was paused or cut off). */
    onLost?: (sessionId: string) => void;
}
/**
 * Session leases in PostgreSQL with a fencing epoch that grows on every change of owner.
 * Every append checks, in its own transaction, that this node's epoch is still the
 * session's (and extends the lease): a paused or partitioned former owner is refused.
 */
export declare class PgLeases implements SessionOwnership, WriteFence {
    private readonly options;
    readonly nodeId: string;
    readonly leaseMs: number;
    /** Sessions this node holds, with the epoch it holds them at. */
    private readonly held;
    /** Sessions whose lease this node lost: no implicit claim until `acquire` is called again. */
    private readonly lost;
    private renewTimer;
    constructor(options: PgLeasesOptions);
    /** Starts renewing held leases every third of the lease time. */
    start(): void;
    isHeld(sessionId: string): boolean;
    epochOf(sessionId: string): number | undefined;
    acquire(sessionId: string): Promise<boolean>;
    holder(sessionId: string): Promise<string | undefined>;
    release(sessionId: string): Promise<void>;
    close(): Promise<void>;
    /** Extends every held lease; those found in another node's hands are dropped and reported lost. */
    renew(): Promise<void>;
    /** Sessions with work (busy status or queued prompts) whose lease expired: candidates for a takeover. */
    expiredWithWork(): Promise<string[]>;
    /** The fence: a held epoch must still be current; an unheld session may be written only while its lease is free. */
    check(client: pg.PoolClient, sessionId: string, _records: readonly LogRecord[]): Promise<void>;
    /** A write could not be made while the lease was ours: write nothing more of the session here until `acquire`. */
    abandon(sessionId: string): void;
    private loseLease;
}
//# sourceMappingURL=pg-leases.d.ts.map