import type { SessionSummary } from "@aiflare/protocol";

/** How long summaries that follow a sent burst are held, so the next ones go out together. */
export const SUMMARY_WINDOW_MS = 20;

/**
 * Session summaries on their way to every browser. Every browser gets every session's updates,
 * so each one is a frame and a system call per browser: B1's 50 turns starting and ending sent
 * 10,000 of them to 100 browsers, one write each, against a few hundred timeline frames.
 *
 * Adaptive, like the timeline's flush: a summary after a quiet spell goes out at the end of the
 * step that made it (a microtask: one per session per committed step, the newest, after that
 * step's events). Summaries that come within `windowMs` of a sent burst are held until the window
 * ends and then go out together, the newest per session, in the order of their latest change;
 * engine.io queues a browser's burst behind its first frame, so it leaves in two writes.
 */
export class SummaryFanout {
  private readonly held = new Map<string, SessionSummary>();
  private pending: "microtask" | NodeJS.Timeout | undefined;
  private lastSent = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly send: (session: SessionSummary) => void,
    private readonly windowMs = SUMMARY_WINDOW_MS,
  ) {}

  add(session: SessionSummary): void {
    this.held.delete(session.id); // re-inserted: sent in the order of the newest changes
    this.held.set(session.id, session);
    if (this.pending !== undefined) return;
    const wait = this.lastSent + this.windowMs - performance.now();
    if (wait <= 0) {
      this.pending = "microtask";
      queueMicrotask(() => this.flush());
    } else {
      this.pending = setTimeout(() => this.flush(), wait);
    }
  }

  /** Drops a held summary (the session was deleted: it must not come back). */
  forget(sessionId: string): void {
    this.held.delete(sessionId);
  }

  close(): void {
    if (this.pending !== undefined && this.pending !== "microtask") clearTimeout(this.pending);
    this.pending = undefined;
    this.held.clear();
  }

  private flush(): void {
    if (this.pending === undefined) return; // closed meanwhile
    this.pending = undefined;
    if (this.held.size === 0) return;
    this.lastSent = performance.now();
    const sessions = [...this.held.values()];
    this.held.clear();
    for (const session of sessions) this.send(session);
  }
}
