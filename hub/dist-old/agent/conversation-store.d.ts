import type { ConversationState } from "@aiflare/core";
import type { Logger } from "../logger.js";
/**
 * Where conversations live when several hub nodes share them (cluster: PostgreSQL). Every
 * `load` reads it again: another node may have run the session's last turn.
 */
export interface ConversationBacking {
    read(sessionId: string): Promise<unknown>;
    write(sessionId: string, state: ConversationState): Promise<void>;
    remove(sessionId: string): Promise<void>;
}
/**
 * Each session's model conversation (previous response id, and the history), in an append-only
 * log `<dataDir>/conversations/<sessionId>.jsonl` (see conversation-log.ts: a step appends what
 * it added, a snapshot a one-line mark) or a shared backing, written after every change so a
 * session picks up its context after a restart. Without either it stays in memory. A
 * `<sessionId>.json` of an older hub is read when there is no log yet.
 */
export declare class ConversationStore {
    private readonly options;
    private readonly memory;
    private readonly writes;
    /** Each session's write that has not started yet: saves meanwhile join it (it writes the newest state), until a mark seals it. */
    private readonly queued;
    /** Bumped by every save and delete: equal versions mean the same conversation. */
    private readonly versions;
    /** The version each session's log ends with on disk. */
    private readonly written;
    /** The state each session's log ends with, as this process knows it (none: the next write is a `full` record). */
    private readonly logged;
    /** Logs this process appended to, so they end with a complete line (the first append of a run starts a new line, past a torn one). */
    private readonly clean;
    constructor(options?: {
        dataDir?: string;
        backing?: ConversationBacking;
        logger?: Pick<Logger, "error">;
    });
    /** True when other hub nodes share the conversations (a loaded one may be stale by the next turn). */
    get shared(): boolean;
    load(sessionId: string): Promise<ConversationState | undefined>;
    /**
     * The latest saved state as held in memory, without a copy, and its version; undefined when
     * none is held (shared backing, or not loaded since a restart). Callers must not change it:
     * `save` replaces the held state, it never mutates it.
     */
    peek(sessionId: string): {
        state: ConversationState;
        version: number;
    } | undefined;
    /**
     * Keeps the latest state; writes one after another, each with the newest state (saves made
     * while a write is queued join it), appended to the log without fsync. The state is the store's from here on, not copied (a long
     * session's history is megabytes, saved at every step): callers hand over a state they no
     * longer change — the agent loop's `snapshot()` is a copy already.
     */
    save(sessionId: string, state: ConversationState): void;
    /**
     * Marks the log, once it ends with `version`, as snapshot `key` (one short line); false when
     * the log does not end with that version (a newer save, a failed write) or there is no log
     * (memory only, shared backing). Runs in the session's write queue, after the saves before it.
     */
    mark(sessionId: string, version: number, key: string): Promise<boolean>;
    /** The state the log held at mark `key`; undefined when the log has no such mark. */
    readMark(sessionId: string, key: string): Promise<ConversationState | undefined>;
    /**
     * Gives a new session (a fork) a copy of another's log, marks included, so the snapshots it
     * copied resolve in its own log; its first save then appends its whole state.
     */
    copyLog(fromSession: string, toSession: string): Promise<void>;
    /** Forgets a session's conversation and removes its file (after its pending save). */
    delete(sessionId: string): Promise<void>;
    /** Resolves when every save so far is written. */
    flush(): Promise<void>;
    /** Resolves when every save of one session so far is written. */
    flushSession(sessionId: string): Promise<void>;
    /**
     * Appends one record (no fsync: the timeline's durability, a `kill -9` loses nothing the
     * append returned from). The first append of a run starts on a new line, so a line torn by a
     * crash stays one unreadable line that replay skips.
     */
    private append;
    private fileOf;
    /** The whole-state file of hubs before the log. */
    private legacyFileOf;
}
//# sourceMappingURL=conversation-store.d.ts.map