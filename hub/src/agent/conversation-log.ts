import { isDeepStrictEqual } from "node:util";
import type { ConversationState } from "@aiflare/core";
import { parseJsonLines } from "../json-file.js";

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
export type ConversationRecord =
  | { full: ConversationState }
  | { add: ConversationState["history"]; n: number; pending: ConversationState["pending"]; prev: string | null }
  | { mark: string };

/**
 * The record that takes a log ending in `logged` to `next`: an `add` when `next` only appended
 * to the history, otherwise `full`. "Only appended" is checked on the old history's first and
 * last items and a few between: a compaction replaces the start, a revert or a repair that
 * drops an item shortens or shifts. By value, since a state may be read back from disk (a
 * revert's snapshot); the agent loop's copies share their items, which compare at once.
 */
export function recordFor(logged: ConversationState | undefined, next: ConversationState): ConversationRecord {
  if (!logged || logged.mode !== next.mode) return { full: next };
  const n = logged.history.length;
  if (next.history.length < n) return { full: next };
  for (const i of samplePositions(n)) if (!isDeepStrictEqual(logged.history[i], next.history[i])) return { full: next };
  return { add: next.history.slice(n), n, pending: next.pending, prev: next.previousResponseId ?? null };
}

/** The first and last index below n and up to six evenly between. */
function samplePositions(n: number): number[] {
  if (n === 0) return [];
  const step = Math.max(1, Math.floor(n / 7));
  const positions = new Set([0, n - 1]);
  for (let i = step; i < n - 1; i += step) positions.add(i);
  return [...positions];
}

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
export function replayLog(text: string, untilMark?: string): Replayed {
  return replayRecords(parseJsonLines(text).records, untilMark);
}

/**
 * `replayLog` over records already parsed (a log kept in a database); the state is built from
 * copies of nothing: the records' own objects. `from` is the state the records follow (a log
 * read before, up to where these start), grown in place: the caller's own copy.
 */
export function replayRecords(records: readonly unknown[], untilMark?: string, from?: ConversationState): Replayed {
  let state: ConversationState | undefined = from;
  for (const raw of records) {
    const record = (raw ?? {}) as Partial<{ full: ConversationState; add: unknown[]; n: number; pending: unknown[]; prev: string | null; mark: string }>;
    if (record.full && isConversation(record.full)) {
      state = record.full;
    } else if (Array.isArray(record.add) && Array.isArray(record.pending)) {
      if (!state || state.history.length !== record.n) {
        state = undefined;
        continue;
      }
      // The replayed state is this function's own (parsed here), so it grows in place.
      for (const item of record.add as ConversationState["history"]) state.history.push(item);
      state.pending = record.pending as ConversationState["pending"];
      if (typeof record.prev === "string") state.previousResponseId = record.prev;
      else delete state.previousResponseId;
    } else if (typeof record.mark === "string" && record.mark === untilMark) {
      return { state, found: true };
    }
  }
  return { state, found: untilMark === undefined };
}

export function isConversation(value: unknown): value is ConversationState {
  const state = value as ConversationState | undefined;
  return Boolean(state && typeof state === "object" && Array.isArray(state.history) && Array.isArray(state.pending));
}
