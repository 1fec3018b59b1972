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
export class TurnStartPacer {
    waiting = [];
    scheduled = false;
    /** Resolves when it is this caller's turn to start (FIFO). */
    next() {
        return new Promise((resolve) => {
            this.waiting.push(resolve);
            this.schedule();
        });
    }
    schedule() {
        if (this.scheduled || this.waiting.length === 0)
            return;
        this.scheduled = true;
        setImmediate(() => {
            this.scheduled = false;
            const start = this.waiting.shift();
            // Scheduled from inside this check phase, so the next start waits for the next loop turn.
            this.schedule();
            start?.();
        });
    }
}
//# sourceMappingURL=turn-start-pacer.js.map