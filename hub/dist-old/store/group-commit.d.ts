import type { LogRecord, TimelinePersistence } from "./log-record.js";
/** A session's write lane, as the group commit sees it. */
export interface CommitLane {
    readonly sessionId: string;
    /** Records waiting for the next write. */
    queue: LogRecord[];
    /** A batch of this lane is being written (or compacted): the lane is not cut again until it settles. */
    writing: boolean;
}
/** What the store does around each write. None of these may throw. */
export interface CommitHooks<L extends CommitLane> {
    /** Right before a batch is cut: move whatever is ready (coalesced deltas) into `queue`. */
    gather(lane: L): void;
    /** Whether `gather` would add something now. */
    ready(lane: L): boolean;
    /** The batch is written (or failed: already reported): commit and publish it; a promise when it goes on to compact. */
    written(lane: L, batch: readonly LogRecord[]): Promise<void> | undefined;
    /** The lane has nothing left to write. */
    settled(lane: L): void;
    failed(lane: L, error: unknown): void;
    /**
     * The persistence refused the batch for good (a fenced-off cluster node): when this answers
     * true the batch is dropped instead of committed, and the lane's queue is the hook's to clear.
     */
    refused?(lane: L, error: unknown): boolean;
}
/**
 * Group commit: lanes with something to write are marked, and once per event-loop turn
 * (setImmediate, so every socket read of the turn is in) the batches of all marked lanes
 * that are not writing already are cut and handed to the persistence together — one
 * `appendMany` when it has one, else one `append` each, all at once. Each lane is published
 * as soon as its own write settles. A lane written to while its write is in flight keeps
 * gathering, and goes out in the first turn after the write settles (adaptive flush).
 */
export declare class GroupCommit<L extends CommitLane> {
    private readonly persistence;
    private readonly hooks;
    private dirty;
    private scheduled;
    constructor(persistence: TimelinePersistence, hooks: CommitHooks<L>);
    /** The lane has something to write (queued records or ready deltas). */
    mark(lane: L): void;
    private run;
    private finish;
    private release;
}
//# sourceMappingURL=group-commit.d.ts.map