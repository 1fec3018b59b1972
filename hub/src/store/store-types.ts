// The session store's public shapes: what callers pass in (options, new sessions, patches) and what
// it tells its listeners and logger.
import type { SessionEvent, SessionSummary } from "@aiflare/protocol";
import type { TimelinePersistence } from "./log-record.js";
import type { WriteRefusedError } from "./write-refused.js";

/** Fields a caller may change on a summary; the rest is owned by the store. */
export type SummaryPatch = Partial<Pick<SessionSummary, "status" | "title" | "model" | "usage" | "approvalPolicy" | "context" | "node" | "archived">>;

export type NewSession = Pick<SessionSummary, "workerId" | "workdir" | "model" | "title" | "approvalPolicy" | "reasoningEffort" | "parentId">;

/** Told about every committed (persisted) change, in order. */
export interface StoreListener {
  /** `elsewhere`: another cluster node wrote them (ingested or reloaded here). */
  onEvents?(sessionId: string, events: readonly SessionEvent[], origin: "here" | "elsewhere"): void;
  onSummary?(summary: SessionSummary): void;
  /** The persistence refused a write (this node lost the session's lease); nothing of it was committed. */
  onRefused?(sessionId: string, error: WriteRefusedError): void;
  /** The session and its log are gone. */
  onDeleted?(sessionId: string): void;
}

/** Something the store could not do quietly (a bad log line, a failed write). */
export interface StoreLogger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface SessionStoreOptions {
  persistence: TimelinePersistence;
  /** Events kept per session in memory and, after compaction, on disk. */
  maxEvents?: number;
  /**
   * Deprecated fixed tick: how long a quiet stream's first delta waits for more before it is
   * written. Default 0: adaptive flush (written in the next event-loop turn; later deltas
   * coalesce while a write is in flight), which needs no tick.
   */
  coalesceMs?: number;
  clock?: () => Date;
  newId?: () => string;
  logger?: StoreLogger;
}
