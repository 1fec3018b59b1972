import type { FoldState, SessionEvent, SessionSummary } from "@aiflare/protocol";

/**
 * One line of a session log. `summary` lines carry a full summary (the last one wins);
 * `fold` is a compaction snapshot of the transcript through `seq`; `event` is a timeline event.
 */
export type LogRecord =
  | { t: "summary"; v: SessionSummary }
  | { t: "fold"; seq: number; v: FoldState }
  | { t: "event"; v: SessionEvent };

/** What a persistence hands back at start: each session's records, as stored. */
export interface StoredLog {
  sessionId: string;
  /** Parsed lines; not validated yet (the store validates). */
  records: unknown[];
  /** Lines that could not be parsed (a torn tail or damage); they were skipped. */
  skippedLines: number;
}

/** Where session logs live. One instance per store; calls for one session never overlap. */
export interface TimelinePersistence {
  /** Every stored session log. */
  loadAll(): Promise<StoredLog[]>;
  /** Appends records to a session's log; resolves once written. */
  append(sessionId: string, records: readonly LogRecord[]): Promise<void>;
  /** Atomically replaces a session's log (compaction). */
  rewrite(sessionId: string, records: readonly LogRecord[]): Promise<void>;
  /** Removes a session's log for good (nothing is written for it afterwards). */
  delete(sessionId: string): Promise<void>;
  /** Flushes and releases files. */
  close(): Promise<void>;
}
