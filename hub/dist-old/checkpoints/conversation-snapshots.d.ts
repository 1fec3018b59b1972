import type { ConversationState } from "@aiflare/core";
import type { ConversationStore } from "../agent/conversation-store.js";
/** Before a turn, or after it. */
export type SnapshotPoint = "before" | "after";
/** What a snapshot holds: the conversation then, or null for "no conversation yet". */
export type StoredSnapshot = ConversationState | null;
type Stored = StoredSnapshot;
/** Where snapshots live when several hub nodes share them (cluster: PostgreSQL), by session and key. */
export interface SnapshotBacking {
    put(sessionId: string, key: string, state: StoredSnapshot): Promise<void>;
    /** undefined when none was taken. */
    get(sessionId: string, key: string): Promise<StoredSnapshot | undefined>;
    copy(fromSession: string, toSession: string, keys: readonly string[]): Promise<void>;
    drop(sessionId: string): Promise<void>;
}
/**
 * The model conversation as it was before and after each turn, so a revert can put the
 * context back to before a turn and a fork can start from after one — in either conversation
 * mode, since the whole state (previous response id, or the stateless history) is kept.
 * On disk a snapshot is a mark in the session's conversation log (ConversationStore.mark), or,
 * when the log had moved on, a file `<dataDir>/conversations/<sessionId>.turns/<hash(turnId)>.<point>.json`;
 * a shared backing (cluster) or memory otherwise. The live conversation stays the ConversationStore's.
 */
export declare class ConversationSnapshots {
    private readonly options;
    private readonly memory;
    /** Writes in flight, per session; reads wait for them. */
    private readonly writes;
    constructor(options: {
        conversations: ConversationStore;
        dataDir?: string;
        backing?: SnapshotBacking;
    });
    /**
     * Records the session's current conversation as the turn's `point`. Resolves once the state
     * is captured; the mark or file is written behind it (no fsync: a snapshot is worth no disk
     * flush per turn, and a killed process loses nothing the page cache holds).
     */
    take(sessionId: string, turnId: string, point: SnapshotPoint): Promise<void>;
    /** Runs a session's writes one after another. */
    private queue;
    /** Resolves when every snapshot taken so far is on disk. */
    flush(): Promise<void>;
    /** The conversation at that point; undefined when none was taken. */
    get(sessionId: string, turnId: string, point: SnapshotPoint): Promise<Stored | undefined>;
    /**
     * A fork keeps the snapshots of the turns it copied, so it can undo them too: the marks come
     * with a copy of the conversation log, so this runs before the fork's conversation is saved.
     */
    copy(fromSession: string, toSession: string, turnIds: readonly string[]): Promise<void>;
    /** Forgets a session's snapshots. */
    drop(sessionId: string): Promise<void>;
    private dirOf;
}
export {};
//# sourceMappingURL=conversation-snapshots.d.ts.map