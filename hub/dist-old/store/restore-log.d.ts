import { SessionEvent, SessionSummary, type FoldState } from "@aiflare/protocol";
import type { StoredLog } from "./log-record.js";
/** What a session log amounts to. */
export interface RestoredLog {
    /** The last valid summary (its lastSeq and updatedAt corrected from the events); absent if none. */
    summary?: SessionSummary;
    /** The transcript snapshot the log starts from (empty without compaction). */
    fold: FoldState;
    /** Valid events after the snapshot, in seq order. */
    events: SessionEvent[];
    /** Lines or records that were skipped. */
    skipped: number;
}
/**
 * Reads a session's records: summaries (the last wins), a compaction snapshot, events
 * validated against the protocol schema. A crash only tears the last line (the persistence
 * already cut it off); if a line in the middle was damaged, later events are kept, their seq
 * still increasing, with a gap where the damage was. Events of another session or repeating
 * a seq are skipped.
 */
export declare function restoreLog(log: StoredLog): RestoredLog;
//# sourceMappingURL=restore-log.d.ts.map