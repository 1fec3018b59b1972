import type { ConversationState } from "@aiflare/core";
/**
 * One line of a session's conversation log (`<dataDir>/conversations/<sessionId>.jsonl`):
 * - `full`: the whole state (the first save, and any change that is not an addition:
 *   compaction, revert, a mode change);
 * - `add`: the items added to the history since the line before (`n`: how long the history was
 *   then, checked on replay), the whole pending list, the previous response id;
 * - `mark`: the state as of this line is snapshot `key` (a turn's before or after).
 * A turn's step saves only what it added, so a long session writes O(change), not its whole
 * history, at every step, and a snapshot costs one short line instead of a file.
 */
export type ConversationRecord = {
    full: ConversationState;
} | {
    add: ConversationState["history"];
    n: number;
    pending: ConversationState["pending"];
    prev: string | null;
} | {
    mark: string;
};
/**
 * The record that takes a log ending in `logged` to `next`: an `add` when `next` only appended
 * to the history, otherwise `full`. States are copies (the agent loop hands over clones), so
 * "only appended" is checked on the old history's first and last items and a few between: a
 * compaction replaces the start, a revert or a repair that drops an item shortens or shifts.
 */
export declare function recordFor(logged: ConversationState | undefined, next: ConversationState): ConversationRecord;
/** What replaying a log found: the state at its end (or at the mark asked for), if any. */
export interface Replayed {
    state?: ConversationState;
    /** False when a mark was asked for and is not in the log. */
    found: boolean;
}
/**
 * Replays a log's lines. Blank and unreadable lines are skipped (a torn last line after a
 * crash); an `add` that does not fit the history before it (a damaged line in between) leaves
 * no state until the next `full`, rather than a conversation with a hole in it.
 */
export declare function replayLog(text: string, untilMark?: string): Replayed;
export declare function isConversation(value: unknown): value is ConversationState;
//# sourceMappingURL=conversation-log.d.ts.map