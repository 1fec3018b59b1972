/**
 * Lets one session job (a turn, a compaction) get going per event-loop turn.
 *
 * A turn's start is one synchronous stretch of about a millisecond: its first events, the
 * conversation and its snapshot, the instructions, the request built and sent. Prompts that
 * arrive together (B1: fifty sessions prompted at once) are read in one poll phase, and without
 * pacing their starts ran back to back: 90 ms on a fast machine in which no model stream of an
 * already started session was read, which was the whole of B1's paced p99. Here each start waits for its own `setImmediate`, and the next one is scheduled
 * from inside it, so a poll phase (model streams, browsers) runs between any two starts.
 * A lone prompt waits one `setImmediate` (microseconds).
 */
export declare class TurnStartPacer {
    private readonly waiting;
    private scheduled;
    /** Resolves when it is this caller's turn to start (FIFO). */
    next(): Promise<void>;
    private schedule;
}
//# sourceMappingURL=turn-start-pacer.d.ts.map