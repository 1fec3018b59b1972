import { randomUUID } from "node:crypto";
import { emptyFold, foldInto, SessionSummary, } from "@aiflare/protocol";
import { NotFoundError } from "../errors.js";
import { DeltaCoalescer } from "./delta-coalescer.js";
import { EventWindow } from "./event-window.js";
import { GroupCommit } from "./group-commit.js";
import { isoStamps } from "./iso-stamps.js";
import { restoreLog } from "./restore-log.js";
import { WriteRefusedError } from "./write-refused.js";
const silentLogger = { warn: () => undefined, error: () => undefined };
/**
 * Every session's timeline and summary. Appends get their seq at once; they are written
 * in batches and only then committed: visible to reads and published to listeners. So no
 * browser ever sees an event that a crash could take back.
 */
export class SessionStore {
    sessions = new Map();
    listeners = new Set();
    persistence;
    maxEvents;
    coalesceMs;
    /** The store's clock as an ISO string (see isoStamps). */
    stamp;
    newId;
    logger;
    commits;
    constructor(options) {
        this.persistence = options.persistence;
        this.maxEvents = Math.max(1, options.maxEvents ?? 20_000);
        this.coalesceMs = options.coalesceMs ?? 0;
        this.stamp = isoStamps(options.clock ?? (() => new Date()));
        this.newId = options.newId ?? (() => randomUUID());
        this.logger = options.logger ?? silentLogger;
        this.commits = new GroupCommit(this.persistence, {
            gather: (state) => {
                if (state.coalescer.ready)
                    this.takeDeltas(state, false);
            },
            ready: (state) => state.coalescer.ready,
            written: (state, batch) => {
                this.commit(state, batch);
                return this.compactionDue(state) ? this.compactIfDue(state) : undefined;
            },
            settled: (state) => {
                const waiters = state.drained;
                state.drained = [];
                for (const resolve of waiters)
                    resolve();
            },
            refused: (state, error) => {
                if (!(error instanceof WriteRefusedError))
                    return false;
                this.refused(state, error);
                return true;
            },
            // Keep the live session going; the failure is loud in the log.
            failed: (state, error) => this.logger.error({ err: error, sessionId: state.sessionId }, "session log write failed"),
        });
    }
    /** Loads every stored session; call once before use. */
    async load() {
        for (const log of await this.persistence.loadAll()) {
            const state = this.restore(log);
            if (state)
                this.sessions.set(state.summary.id, state);
        }
        for (const state of this.sessions.values())
            await this.compactIfDue(state);
    }
    async create(input) {
        const now = this.stamp();
        const summary = SessionSummary.parse({ ...input, id: this.newId(), status: "waiting", createdAt: now, updatedAt: now, lastSeq: 0 });
        const state = this.newState(summary, emptyFold(), 1);
        this.sessions.set(summary.id, state);
        this.enqueue(state, { t: "summary", v: summary });
        await this.drained(state);
        return { ...state.committed };
    }
    has(sessionId) {
        return this.sessions.has(sessionId);
    }
    /** The committed summary (consistent with `eventsAfter`). */
    get(sessionId) {
        const state = this.sessions.get(sessionId);
        return state ? { ...state.committed } : undefined;
    }
    /** The newest summary, changes still being written included: for read-modify-write by writers. */
    latest(sessionId) {
        const state = this.sessions.get(sessionId);
        return state ? { ...state.summary } : undefined;
    }
    list() {
        return [...this.sessions.values()].map((state) => ({ ...state.committed }));
    }
    /** Records a discrete event (flushing buffered deltas first, to keep order) and returns it with its seq. */
    append(sessionId, body) {
        const state = this.stateOf(sessionId);
        this.takeDeltas(state);
        return this.appendNow(state, body);
    }
    /** Buffers a streamed piece; it becomes (part of) an event with the session's next write. */
    stream(sessionId, delta) {
        this.stateOf(sessionId).coalescer.add(delta);
    }
    /** Changes summary fields; listeners hear of it once it is written. */
    update(sessionId, patch) {
        const state = this.stateOf(sessionId);
        state.summary = { ...state.summary, ...patch, updatedAt: this.stamp() };
        this.enqueue(state, { t: "summary", v: { ...state.summary } });
        return { ...state.summary };
    }
    /** Committed events after `afterSeq` (all retained ones when absent) and the committed lastSeq. */
    eventsAfter(sessionId, afterSeq = 0) {
        const state = this.stateOf(sessionId);
        return { events: state.window.after(afterSeq), lastSeq: state.committed.lastSeq };
    }
    /** Every message of the session, trimmed history included. */
    transcript(sessionId) {
        const state = this.stateOf(sessionId);
        return foldInto(structuredClone(state.baseFold), state.window.all()).messages;
    }
    /**
     * Commits records another writer (a cluster node) already persisted: they become visible
     * and reach listeners as if written here. Returns false on a gap (a lost message): the
     * caller then reloads the session with `reload`. Repeated seqs are skipped.
     */
    ingest(sessionId, records) {
        let state = this.sessions.get(sessionId);
        if (!state) {
            const first = records.find((record) => record.t === "summary");
            if (first?.t !== "summary" || first.v.lastSeq !== 0)
                return false;
            state = this.newState(first.v, emptyFold(), 1);
            this.sessions.set(sessionId, state);
        }
        const fresh = [];
        let lastSeq = state.committed.lastSeq;
        for (const record of records) {
            if (record.t === "fold")
                continue;
            if (record.t === "event") {
                if (record.v.seq <= lastSeq)
                    continue;
                if (record.v.seq !== lastSeq + 1)
                    return false;
                lastSeq = record.v.seq;
            }
            fresh.push(record);
        }
        if (state.writing || state.queue.length > 0)
            return false;
        this.commit(state, fresh, "elsewhere");
        state.summary = { ...state.committed };
        state.nextSeq = Math.max(state.nextSeq, state.committed.lastSeq + 1);
        return true;
    }
    /** Replaces a session's state with its stored log (a node catching up or taking over); listeners hear of new events. */
    reload(log) {
        const current = this.sessions.get(log.sessionId);
        const restored = this.restore(log);
        if (!restored)
            return;
        this.sessions.set(log.sessionId, restored);
        const missed = restored.window.after(current?.committed.lastSeq ?? 0);
        if (missed.length > 0)
            for (const listener of this.listeners)
                listener.onEvents?.(log.sessionId, missed, "elsewhere");
        for (const listener of this.listeners)
            listener.onSummary?.({ ...restored.committed });
    }
    subscribe(listener) {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
    }
    /** Turns buffered deltas into events and waits until everything is written and committed. */
    async flush(sessionId) {
        const states = sessionId === undefined ? [...this.sessions.values()] : [this.stateOf(sessionId)];
        for (const state of states)
            this.takeDeltas(state);
        await Promise.all(states.map((state) => this.drained(state)));
    }
    /**
     * Removes a session and its stored log, once what was queued for it is written (so no
     * write lands after the removal). Unknown ids are a 404.
     */
    async delete(sessionId) {
        const state = this.stateOf(sessionId);
        this.takeDeltas(state);
        await this.drained(state);
        if (this.sessions.get(sessionId) !== state)
            return;
        this.sessions.delete(sessionId);
        await this.persistence.delete(sessionId);
        for (const listener of this.listeners)
            listener.onDeleted?.(sessionId);
    }
    async close() {
        await this.flush();
        await this.persistence.close();
    }
    // ---- internals ----
    stateOf(sessionId) {
        const state = this.sessions.get(sessionId);
        if (!state)
            throw new NotFoundError(`session ${sessionId} not found`);
        return state;
    }
    newState(summary, baseFold, nextSeq) {
        const state = {
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
    appendNow(state, body) {
        const event = this.sequence(state, body);
        this.enqueue(state, { t: "event", v: event });
        return event;
    }
    sequence(state, body) {
        const seq = state.nextSeq++;
        return { ...body, id: `${state.sessionId}-${seq}`, sessionId: state.sessionId, seq, createdAt: this.stamp() };
    }
    /** Buffered deltas become events now (before a discrete append, a flush, or a write). */
    takeDeltas(state, mark = true) {
        if (!state.coalescer.holding)
            return;
        for (const body of state.coalescer.take())
            state.queue.push({ t: "event", v: this.sequence(state, body) });
        if (mark)
            this.commits.mark(state);
    }
    /** Every record of a turn joins the session's next write (group commit, see GroupCommit). */
    enqueue(state, record) {
        state.queue.push(record);
        this.commits.mark(state);
    }
    /** A fenced-off writer: drop what it queued, rewind to the committed state, tell listeners. */
    refused(state, error) {
        this.logger.warn({ sessionId: state.summary.id, dropped: state.queue.length, reason: error.message }, "write refused: this node no longer owns the session");
        state.queue = [];
        state.summary = { ...state.committed };
        state.nextSeq = state.committed.lastSeq + 1;
        for (const listener of this.listeners)
            listener.onRefused?.(state.summary.id, error);
    }
    /** Makes a written batch visible and tells listeners, keeping event/summary order. */
    commit(state, batch, origin = "here") {
        let events = [];
        const publishEvents = () => {
            if (events.length === 0)
                return;
            const committed = events;
            events = [];
            const last = committed.at(-1);
            if (last) {
                state.summary = { ...state.summary, lastSeq: last.seq };
                state.committed = { ...state.committed, lastSeq: last.seq };
            }
            foldInto(state.baseFold, state.window.push(committed));
            state.loggedEvents += committed.length;
            for (const listener of this.listeners)
                listener.onEvents?.(state.summary.id, committed, origin);
        };
        for (const record of batch) {
            if (record.t === "event") {
                events.push(record.v);
            }
            else if (record.t === "summary") {
                publishEvents();
                const summary = { ...record.v, lastSeq: state.committed.lastSeq };
                state.committed = summary;
                for (const listener of this.listeners)
                    listener.onSummary?.({ ...summary });
            }
        }
        publishEvents();
    }
    drained(state) {
        if (!state.writing && state.queue.length === 0)
            return Promise.resolve();
        return new Promise((resolve) => state.drained.push(resolve));
    }
    compactionDue(state) {
        return state.loggedEvents > this.maxEvents * 2;
    }
    /** Rewrites the log as summary + transcript snapshot + retained events once it holds twice what is kept. */
    async compactIfDue(state) {
        if (!this.compactionDue(state))
            return;
        const retained = state.window.all();
        const firstSeq = retained[0]?.seq ?? state.nextSeq;
        const records = [
            { t: "summary", v: { ...state.summary } },
            { t: "fold", seq: firstSeq - 1, v: state.baseFold },
            ...retained.map((event) => ({ t: "event", v: event })),
        ];
        try {
            await this.persistence.rewrite(state.summary.id, records);
            state.loggedEvents = retained.length;
        }
        catch (error) {
            this.logger.error({ err: error, sessionId: state.summary.id }, "session log compaction failed");
        }
    }
    /** Rebuilds a session's state from its log (see restoreLog). */
    restore(log) {
        const restored = restoreLog(log);
        if (restored.skipped > 0)
            this.logger.warn({ sessionId: log.sessionId, skipped: restored.skipped }, "skipped unreadable session log lines");
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
//# sourceMappingURL=session-store.js.map