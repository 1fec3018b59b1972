/**
 * Who runs a session's turns. A single hub owns every session; a cluster node holds a
 * lease per session (see PgLeases). Chosen once where the hub is composed.
 */
export interface SessionOwnership {
    readonly nodeId: string;
    /** Takes the session (its lease is free, expired, or already ours); false while another live node holds it. */
    acquire(sessionId: string): Promise<boolean>;
    /** The node holding a live lease on the session, if any. */
    holder(sessionId: string): Promise<string | undefined>;
    /** Hands the session back at once (the next node need not wait for the lease to expire). */
    release(sessionId: string): Promise<void>;
    /** Hands every lease back; used at graceful shutdown. */
    close(): Promise<void>;
}
/** One hub alone: it owns everything, nobody else ever writes. */
export declare class LocalOwnership implements SessionOwnership {
    readonly nodeId: string;
    constructor(nodeId: string);
    acquire(): Promise<boolean>;
    holder(): Promise<string | undefined>;
    release(): Promise<void>;
    close(): Promise<void>;
}
//# sourceMappingURL=ownership.d.ts.map