import { emptyFold, SessionEvent, SessionSummary, type FoldState } from "@aiflare/protocol";
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
export function restoreLog(log: StoredLog): RestoredLog {
  let summary: SessionSummary | undefined;
  let fold: FoldState = emptyFold();
  let skipped = log.skippedLines;
  let events: SessionEvent[] = [];
  let lastSeq = 0;
  for (const raw of log.records) {
    const record = raw as { t?: unknown; v?: unknown; seq?: unknown };
    if (record.t === "summary") {
      const parsed = SessionSummary.safeParse(record.v);
      if (parsed.success) summary = parsed.data;
      else skipped += 1;
    } else if (record.t === "fold" && typeof record.seq === "number" && isFold(record.v)) {
      fold = record.v;
      lastSeq = record.seq;
      events = [];
    } else if (record.t === "event") {
      const parsed = SessionEvent.safeParse(record.v);
      if (parsed.success && parsed.data.seq > lastSeq && parsed.data.sessionId === log.sessionId) {
        // Validated, but kept as stored: the schema's key order would change the bytes browsers saw live.
        events.push(record.v as SessionEvent);
        lastSeq = parsed.data.seq;
      } else {
        skipped += 1;
      }
    } else {
      skipped += 1;
    }
  }
  if (!summary || summary.id !== log.sessionId) return { fold, events, skipped };
  const last = events.at(-1);
  const updatedAt = last && last.createdAt > summary.updatedAt ? last.createdAt : summary.updatedAt;
  return { summary: { ...summary, lastSeq, updatedAt }, fold, events, skipped };
}

function isFold(value: unknown): value is FoldState {
  const fold = value as FoldState | null;
  return typeof fold === "object" && fold !== null && Array.isArray(fold.messages) && typeof fold.byId === "object";
}
