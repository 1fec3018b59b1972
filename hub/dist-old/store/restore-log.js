import { emptyFold, SessionEvent, SessionSummary } from "@aiflare/protocol";
/**
 * Reads a session's records: summaries (the last wins), a compaction snapshot, events
 * validated against the protocol schema. A crash only tears the last line (the persistence
 * already cut it off); if a line in the middle was damaged, later events are kept, their seq
 * still increasing, with a gap where the damage was. Events of another session or repeating
 * a seq are skipped.
 */
export function restoreLog(log) {
    let summary;
    let fold = emptyFold();
    let skipped = log.skippedLines;
    let events = [];
    let lastSeq = 0;
    for (const raw of log.records) {
        const record = raw;
        if (record.t === "summary") {
            const parsed = SessionSummary.safeParse(record.v);
            if (parsed.success)
                summary = parsed.data;
            else
                skipped += 1;
        }
        else if (record.t === "fold" && typeof record.seq === "number" && isFold(record.v)) {
            fold = record.v;
            lastSeq = record.seq;
            events = [];
        }
        else if (record.t === "event") {
            const parsed = SessionEvent.safeParse(record.v);
            if (parsed.success && parsed.data.seq > lastSeq && parsed.data.sessionId === log.sessionId) {
                // Validated, but kept as stored: the schema's key order would change the bytes browsers saw live.
                events.push(record.v);
                lastSeq = parsed.data.seq;
            }
            else {
                skipped += 1;
            }
        }
        else {
            skipped += 1;
        }
    }
    if (!summary || summary.id !== log.sessionId)
        return { fold, events, skipped };
    const last = events.at(-1);
    const updatedAt = last && last.createdAt > summary.updatedAt ? last.createdAt : summary.updatedAt;
    return { summary: { ...summary, lastSeq, updatedAt }, fold, events, skipped };
}
function isFold(value) {
    const fold = value;
    return typeof fold === "object" && fold !== null && Array.isArray(fold.messages) && typeof fold.byId === "object";
}
//# sourceMappingURL=restore-log.js.map