import { SessionSummary, type SessionEvent, type DeltaBody, type EventBody, type TranscriptMessage } from "@aiflare/protocol";
import type { LogRecord, StoredLog, TimelinePersistence } from "./log-record.js";
import { WriteRefusedError } from "./write-refused.js";
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
/**
 * Every session's timeline and summary. Appends get their seq at once; they are written
 * in batches and only then committed: visible to reads and published to listeners. So no
 * browser ever sees an event that a crash could take back.
 */
export declare class SessionStore {
    private readonly sessions;
    private readonly listeners;
    private readonly persistence;
    private readonly maxEvents;
    private readonly coalesceMs;
    /** The store's clock as an ISO string (see isoStamps). */
    private readonly stamp;
    private readonly newId;
    private readonly logger;
    private readonly commits;
    constructor(options: SessionStoreOptions);
    /** Loads every stored session; call once before use. */
    load(): Promise<void>;
    create(input: NewSession): Promise<SessionSummary>;
    has(sessionId: string): boolean;
    /** The committed summary (consistent with `eventsAfter`). */
    get(sessionId: string): SessionSummary | undefined;
    /** The newest summary, changes still being written included: for read-modify-write by writers. */
    latest(sessionId: string): SessionSummary | undefined;
    list(): SessionSummary[];
    /** Records a discrete event (flushing buffered deltas first, to keep order) and returns it with its seq. */
    append(sessionId: string, body: EventBody): SessionEvent;
    /** Buffers a streamed piece; it becomes (part of) an event with the session's next write. */
    stream(sessionId: string, delta: DeltaBody): void;
    /** Changes summary fields; listeners hear of it once it is written. */
    update(sessionId: string, patch: SummaryPatch): SessionSummary;
    /** Committed events after `afterSeq` (all retained ones when absent) and the committed lastSeq. */
    eventsAfter(sessionId: string, afterSeq?: number): {
        events: SessionEvent[];
        lastSeq: number;
    };
    /** Every message of the session, trimmed history included. */
    transcript(sessionId: string): TranscriptMessage[];
    /**
     * Commits records another writer (a cluster node) already persisted: they become visible
     * and reach listeners as if written here. Returns false on a gap (a lost message): the
     * caller then reloads the session with `reload`. Repeated seqs are skipped.
     */
    ingest(sessionId: string, records: readonly LogRecord[]): boolean;
    /** Replaces a session's state with its stored log (a node catching up or taking over); listeners hear of new events. */
    reload(log: StoredLog): void;
    subscribe(listener: StoreListener): () => void;
    /** Turns buffered deltas into events and waits until everything is written and committed. */
    flush(sessionId?: string): Promise<void>;
    /**
     * Removes a session and its stored log, once what was queued for it is written (so no
     * write lands after the removal). Unknown ids are a 404.
     */
    delete(sessionId: string): Promise<void>;
    close(): Promise<void>;
    private stateOf;
    private newState;
    /** Gives an event its seq and queues it for the session's next write. */
    private appendNow;
    private sequence;
    /** Buffered deltas become events now (before a discrete append, a flush, or a write). */
    private takeDeltas;
    /** Every record of a turn joins the session's next write (group commit, see GroupCommit). */
    private enqueue;
    /** A fenced-off writer: drop what it queued, rewind to the committed state, tell listeners. */
    private refused;
    /** Makes a written batch visible and tells listeners, keeping event/summary order. */
    private commit;
    private drained;
    private compactionDue;
    /** Rewrites the log as summary + transcript snapshot + retained events once it holds twice what is kept. */
    private compactIfDue;
    /** Rebuilds a session's state from its log (see restoreLog). */
    private restore;
}
//# sourceMappingURL=session-store.d.ts.map