import { randomUUID } from "node:crypto";
import {
  emptyFold,
  foldInto,
  SessionSummary,
  type SessionEvent,
  type DeltaBody,
  type EventBody,
  type FoldState,
  type TranscriptMessage,
} from "@aiflare/protocol";
import { NotFoundError } from "../errors.js";
import { DeltaCoalescer } from "./delta-coalescer.js";
import { EventWindow } from "./event-window.js";
import { catchUp, type CatchUpSource } from "./catch-up.js";
import { GroupCommit, type CommitLane } from "./group-commit.js";
import { isoStamps } from "./iso-stamps.js";
import type { LogRecord, StoredLog, TimelinePersistence } from "./log-record.js";
import { restoreLog } from "./restore-log.js";
import type { NewSession, SessionStoreOptions, StoreListener, StoreLogger, SummaryPatch } from "./store-types.js";
import { WriteRefusedError } from "./write-refused.js";

interface SessionState extends CommitLane {
  /** The latest summary, changes included that are still being written. */
  summary: SessionSummary;
  /** What reads see: the summary as of the last committed write. */
  committed: SessionSummary;
  /** Committed events that are still retained. */
  window: EventWindow;
  /** Transcript folded over the events trimmed off the window. */
  baseFold: FoldState;
  /** Next seq to hand out (assigned seqs run ahead of committed ones while a write is pending). */
  nextSeq: number;
  drained: (() => void)[];
  coalescer: DeltaCoalescer;
  /** Event lines in the on-disk log; compaction starts past twice `maxEvents`. */
  loggedEvents: number;
}

const silentLogger: StoreLogger = { warn: () => undefined, error: () => undefined };

/**
 * Every session's timeline and summary. Appends get their seq at once; they are written
 * in batches and only then committed: visible to reads and published to listeners. So no
 * browser ever sees an event that a crash could take back.
 */
export class SessionStore {
  private readonly sessions = new Map<string, SessionState>();
  private readonly listeners = new Set<StoreListener>();
  private readonly persistence: TimelinePersistence;
  private readonly maxEvents: number;
  private readonly coalesceMs: number;
  /** The store's clock as an ISO string (see isoStamps). */
  private readonly stamp: () => string;
  private readonly newId: () => string;
  private readonly logger: StoreLogger;
  private readonly commits: GroupCommit<SessionState>;
  private readonly catchUpSource: CatchUpSource;

  constructor(options: SessionStoreOptions) {
    this.persistence = options.persistence;
    this.maxEvents = Math.max(1, options.maxEvents ?? 20_000);
    this.coalesceMs = options.coalesceMs ?? 0;
    this.stamp = isoStamps(options.clock ?? (() => new Date()));
    this.newId = options.newId ?? (() => randomUUID());
    this.logger = options.logger ?? silentLogger;
    this.catchUpSource = {
      windowStart: (sessionId) => {
        const state = this.stateOf(sessionId);
        return state.window.firstSeq ?? state.committed.lastSeq + 1;
      },
      eventsAfter: (sessionId, after) => this.eventsAfter(sessionId, after),
      persistence: this.persistence,
      logger: this.logger,
    };
    this.commits = new GroupCommit<SessionState>(this.persistence, {
      gather: (state) => {
        if (state.coalescer.ready) this.takeDeltas(state, false);
      },
      ready: (state) => state.coalescer.ready,
      written: (state, batch) => {
        this.commit(state, batch);
        return this.compactionDue(state) ? this.compactIfDue(state) : undefined;
      },
      settled: (state) => {
        const waiters = state.drained;
        state.drained = [];
        for (const resolve of waiters) resolve();
      },
      refused: (state, error) => {
        if (!(error instanceof WriteRefusedError)) return false;
        this.refused(state, error);
        return true;
      },
      // Keep the live session going; the failure is loud in the log.
      failed: (state, error) => this.logger.error({ err: error, sessionId: state.sessionId }, "session log write failed"),
    });
  }

  /** Loads every stored session; call once before use. */
  async load(): Promise<void> {
    for (const log of await this.persistence.loadAll()) {
      const state = this.restore(log);
      if (state) this.sessions.set(state.summary.id, state);
    }
    for (const state of this.sessions.values()) await this.compactIfDue(state);
  }

  async create(input: NewSession): Promise<SessionSummary> {
    const now = this.stamp();
    const summary = SessionSummary.parse({ ...input, id: this.newId(), status: "waiting", createdAt: now, updatedAt: now, lastSeq: 0 });
    const state = this.newState(summary, emptyFold(), 1);
    this.sessions.set(summary.id, state);
    this.enqueue(state, { t: "summary", v: summary });
    await this.drained(state);
    return { ...state.committed };
  }

  has(sessionId: string): boolean {
    return this.sessions.has(sessionId);
  }

  /** The committed summary (consistent with `eventsAfter`). */
  get(sessionId: string): SessionSummary | undefined {
    const state = this.sessions.get(sessionId);
    return state ? { ...state.committed } : undefined;
  }

  /** The newest summary, changes still being written included: for read-modify-write by writers. */
  latest(sessionId: string): SessionSummary | undefined {
    const state = this.sessions.get(sessionId);
    return state ? { ...state.summary } : undefined;
  }

  list(): SessionSummary[] {
    return [...this.sessions.values()].map((state) => ({ ...state.committed }));
  }

  /** Records a discrete event (flushing buffered deltas first, to keep order) and returns it with its seq. */
  append(sessionId: string, body: EventBody): SessionEvent {
    const state = this.stateOf(sessionId);
    this.takeDeltas(state);
    return this.appendNow(state, body);
  }

  /** Buffers a streamed piece; it becomes (part of) an event with the session's next write. */
  stream(sessionId: string, delta: DeltaBody): void {
    this.stateOf(sessionId).coalescer.add(delta);
  }

  /** Changes summary fields; listeners hear of it once it is written. */
  update(sessionId: string, patch: SummaryPatch): SessionSummary {
    const state = this.stateOf(sessionId);
    state.summary = { ...state.summary, ...patch, updatedAt: this.stamp() };
    this.enqueue(state, { t: "summary", v: { ...state.summary } });
    return { ...state.summary };
  }

  /** Committed events after `afterSeq` (all retained ones when absent) and the committed lastSeq. */
  eventsAfter(sessionId: string, afterSeq = 0): { events: SessionEvent[]; lastSeq: number } {
    const state = this.stateOf(sessionId);
    return { events: state.window.after(afterSeq), lastSeq: state.committed.lastSeq };
  }

  /**
   * Exactly the committed events after `afterSeq`: those older than the in-memory window are
   * read back from the persistence (which keeps what compaction took off the log). `then` runs
   * in the same synchronous step as the window's read: a socket that joins the session's room
   * there misses nothing of the live stream and gets nothing twice.
   */
  catchUp(sessionId: string, afterSeq = 0, then?: () => void): Promise<{ events: SessionEvent[]; lastSeq: number }> {
    return catchUp(this.catchUpSource, sessionId, afterSeq, then);
  }

  /** Every message of the session, trimmed history included. */
  transcript(sessionId: string): TranscriptMessage[] {
    const state = this.stateOf(sessionId);
    return foldInto(structuredClone(state.baseFold), state.window.all()).messages;
  }

  /**
   * Commits records another writer (a cluster node) already persisted: they become visible
   * and reach listeners as if written here. Returns false on a gap (a lost message): the
   * caller then reloads the session with `reload`. Repeated seqs are skipped. While this store
   * is writing the session itself (it holds it now), records from elsewhere that bring no new
   * event are old news (written before it took the session over, their summaries older than its
   * own): they are skipped; new events then are a conflict, false.
   */
  ingest(sessionId: string, records: readonly LogRecord[]): boolean {
    let state = this.sessions.get(sessionId);
    if (!state) {
      const first = records.find((record) => record.t === "summary");
      if (first?.t !== "summary" || first.v.lastSeq !== 0) return false;
      state = this.newState(first.v, emptyFold(), 1);
      this.sessions.set(sessionId, state);
    }
    const fresh: LogRecord[] = [];
    let lastSeq = state.committed.lastSeq;
    for (const record of records) {
      if (record.t === "fold") continue;
      if (record.t === "event") {
        if (record.v.seq <= lastSeq) continue;
        if (record.v.seq !== lastSeq + 1) return false;
        lastSeq = record.v.seq;
      }
      fresh.push(record);
    }
    if (state.writing || state.queue.length > 0) return !fresh.some((record) => record.t === "event");
    this.commit(state, fresh, "elsewhere");
    state.summary = { ...state.committed };
    state.nextSeq = Math.max(state.nextSeq, state.committed.lastSeq + 1);
    return true;
  }

  /**
   * Replaces a session's state with its stored log (a node catching up or taking over);
   * listeners hear of new events. Only when nothing of the session is queued or being written
   * here (`flush` first): the stored log would not hold that yet.
   */
  reload(log: StoredLog): void {
    const current = this.sessions.get(log.sessionId);
    const restored = this.restore(log);
    if (!restored) return;
    this.sessions.set(log.sessionId, restored);
    const missed = restored.window.after(current?.committed.lastSeq ?? 0);
    if (missed.length > 0) for (const listener of this.listeners) listener.onEvents?.(log.sessionId, missed, "elsewhere");
    for (const listener of this.listeners) listener.onSummary?.({ ...restored.committed });
  }

  subscribe(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Turns buffered deltas into events and waits until everything is written and committed. */
  async flush(sessionId?: string): Promise<void> {
    const states = sessionId === undefined ? [...this.sessions.values()] : [this.stateOf(sessionId)];
    for (const state of states) this.takeDeltas(state);
    await Promise.all(states.map((state) => this.drained(state)));
  }

  /**
   * Removes a session and its stored log, once what was queued for it is written (so no
   * write lands after the removal). Unknown ids are a 404.
   */
  async delete(sessionId: string): Promise<void> {
    const state = this.stateOf(sessionId);
    this.takeDeltas(state);
    await this.drained(state);
    if (this.sessions.get(sessionId) !== state) return;
    this.sessions.delete(sessionId);
    await this.persistence.delete(sessionId);
    for (const listener of this.listeners) listener.onDeleted?.(sessionId);
  }

  async close(): Promise<void> {
    await this.flush();
    await this.persistence.close();
  }

  // ---- internals ----

  private stateOf(sessionId: string): SessionState {
    const state = this.sessions.get(sessionId);
    if (!state) throw new NotFoundError(`session ${sessionId} not found`);
    return state;
  }

  private newState(summary: SessionSummary, baseFold: FoldState, nextSeq: number): SessionState {
    const state: SessionState = {
      sessionId: summary.id,
      summary,
      committed: { ...summary },
      window: new EventWindow(this.maxEvents),
      baseFold,
      nextSeq,
      queue: [],
      writing: false,
      drained: [],
      coalescer: new DeltaCoalescer(this.coalesceMs, () => this.commits.mark(state)),
      loggedEvents: 0,
    };
    return state;
  }

  /** Gives an event its seq and queues it for the session's next write. */
  private appendNow(state: SessionState, body: EventBody): SessionEvent {
    const event = this.sequence(state, body);
    this.enqueue(state, { t: "event", v: event });
    return event;
  }

  private sequence(state: SessionState, body: EventBody): SessionEvent {
    const seq = state.nextSeq++;
    return { ...body, id: `${state.sessionId}-${seq}`, sessionId: state.sessionId, seq, createdAt: this.stamp() };
  }

  /** Buffered deltas become events now (before a discrete append, a flush, or a write). */
  private takeDeltas(state: SessionState, mark = true): void {
    if (!state.coalescer.holding) return;
    for (const body of state.coalescer.take()) state.queue.push({ t: "event", v: this.sequence(state, body) });
    if (mark) this.commits.mark(state);
  }

  /** Every record of a turn joins the session's next write (group commit, see GroupCommit). */
  private enqueue(state: SessionState, record: LogRecord): void {
    state.queue.push(record);
    this.commits.mark(state);
  }

  /** A fenced-off writer: drop what it queued, rewind to the committed state, tell listeners. */
  private refused(state: SessionState, error: WriteRefusedError): void {
    this.logger.warn({ sessionId: state.summary.id, dropped: state.queue.length, reason: error.message }, "write refused: this node no longer owns the session");
    state.queue = [];
    state.summary = { ...state.committed };
    state.nextSeq = state.committed.lastSeq + 1;
    for (const listener of this.listeners) listener.onRefused?.(state.summary.id, error);
  }

  /** Makes a written batch visible and tells listeners, keeping event/summary order. */
  private commit(state: SessionState, batch: readonly LogRecord[], origin: "here" | "elsewhere" = "here"): void {
    let events: SessionEvent[] = [];
    const publishEvents = () => {
      if (events.length === 0) return;
      const committed = events;
      events = [];
      const last = committed.at(-1);
      if (last) {
        state.summary = { ...state.summary, lastSeq: last.seq };
        state.committed = { ...state.committed, lastSeq: last.seq };
      }
      foldInto(state.baseFold, state.window.push(committed));
      state.loggedEvents += committed.length;
      for (const listener of this.listeners) listener.onEvents?.(state.summary.id, committed, origin);
    };
    for (const record of batch) {
      if (record.t === "event") {
        events.push(record.v);
      } else if (record.t === "summary") {
        publishEvents();
        const summary = { ...record.v, lastSeq: state.committed.lastSeq };
        state.committed = summary;
        for (const listener of this.listeners) listener.onSummary?.({ ...summary });
      }
    }
    publishEvents();
  }

  private drained(state: SessionState): Promise<void> {
    if (!state.writing && state.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => state.drained.push(resolve));
  }

  private compactionDue(state: SessionState): boolean {
    return state.loggedEvents > this.maxEvents * 2;
  }

  /** Rewrites the log as summary + transcript snapshot + retained events once it holds twice what is kept. */
  private async compactIfDue(state: SessionState): Promise<void> {
    if (!this.compactionDue(state)) return;
    const retained = state.window.all();
    const firstSeq = retained[0]?.seq ?? state.nextSeq;
    const records: LogRecord[] = [
      { t: "summary", v: { ...state.summary } },
      { t: "fold", seq: firstSeq - 1, v: state.baseFold },
      ...retained.map((event): LogRecord => ({ t: "event", v: event })),
    ];
    try {
      await this.persistence.rewrite(state.summary.id, records);
      state.loggedEvents = retained.length;
    } catch (error) {
      this.logger.error({ err: error, sessionId: state.summary.id }, "session log compaction failed");
    }
  }

  /** Rebuilds a session's state from its log (see restoreLog). */
  private restore(log: StoredLog): SessionState | undefined {
    const restored = restoreLog(log);
    if (restored.skipped > 0) this.logger.warn({ sessionId: log.sessionId, skipped: restored.skipped }, "skipped unreadable session log lines");
    if (!restored.summary) {
      this.logger.warn({ sessionId: log.sessionId }, "session log has no summary; not loaded");
      return undefined;
    }
    const state = this.newState(restored.summary, restored.fold, restored.summary.lastSeq + 1);
    foldInto(state.baseFold, state.window.push(restored.events));
    state.loggedEvents = restored.events.length;
    return state;
  }
}
