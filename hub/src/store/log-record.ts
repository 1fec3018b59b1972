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

/** One session's records of a group commit. */
export interface SessionRecords {
  sessionId: string;
  records: readonly LogRecord[];
}

/**
 * Where session logs live. One instance per store; calls for one session never overlap
 * (no append, appendMany entry or rewrite of a session starts before the last one settled).
 * The store publishes records only after the call that wrote them resolved, so "resolved"
 * must mean: a restarted hub will read them back (a process kill may not take them away).
 */
export interface TimelinePersistence {
  /** Every stored session log. */
  loadAll(): Promise<StoredLog[]>;
  /** Appends records to a session's log; resolves once written. */
  append(sessionId: string, records: readonly LogRecord[]): Promise<void>;
  /**
   * Group commit (optional): appends the records of several sessions (each at most once) in
   * as few writes as the backend allows, and settles with one outcome per entry, in order.
   * Entries are independent: one failing must not keep the others from being written. When
   * absent the store calls `append` for every session of the group at once.
   */
  appendMany?(batches: readonly SessionRecords[]): Promise<PromiseSettledResult<void>[]>;
  /**
   * Atomically replaces a session's log (compaction). The events it leaves out stay readable
   * through `readEvents` where the backend has it.
   */
  rewrite(sessionId: string, records: readonly LogRecord[]): Promise<void>;
  /**
   * Stored events with `afterSeq < seq <= untilSeq`, in order, compacted ones included
   * (optional): what a reader far behind needs once the store's window no longer holds them.
   * May run beside the session's writes; must see a compaction either wholly or not at all.
   */
  readEvents?(sessionId: string, afterSeq: number, untilSeq: number): Promise<SessionEvent[]>;
  /** Removes a session's log for good (nothing is written for it afterwards). */
  delete(sessionId: string): Promise<void>;
  /** Flushes and releases files. */
  close(): Promise<void>;
}
