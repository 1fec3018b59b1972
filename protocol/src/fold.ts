import type { SessionEvent } from "./events.js";
import type { TranscriptMessage } from "./rest.js";

/**
 * Folding state: the messages so far, plus which ids already got their final text.
 * Plain JSON, so the hub can persist it as a snapshot when it compacts a log.
 */
export interface FoldState {
  messages: TranscriptMessage[];
  /** messageId -> index in `messages` and whether its final `message` event arrived. */
  byId: Record<string, { index: number; final: boolean }>;
}

/** A state with no messages. */
export function emptyFold(): FoldState {
  return { messages: [], byId: {} };
}

/**
 * Applies events to `state` in place and returns it: deltas append to their message
 * (an assistant message is opened by its first delta); a `message` event sets the final
 * text and role, superseding its deltas, and later deltas for it are ignored.
 * Other event types do not change the transcript.
 */
export function foldInto(state: FoldState, events: Iterable<SessionEvent>): FoldState {
  for (const event of events) {
    if (event.type === "message_delta") {
      const entry = state.byId[event.messageId];
      if (entry === undefined) {
        state.byId[event.messageId] = { index: state.messages.length, final: false };
        state.messages.push({
          messageId: event.messageId,
          role: "assistant",
          text: event.delta,
          createdAt: event.createdAt,
        });
      } else if (!entry.final) {
        const message = state.messages[entry.index];
        if (message) message.text += event.delta;
      }
    } else if (event.type === "message") {
      const entry = state.byId[event.messageId];
      if (entry === undefined) {
        state.byId[event.messageId] = { index: state.messages.length, final: true };
        state.messages.push({
          messageId: event.messageId,
          role: event.role,
          text: event.text,
          createdAt: event.createdAt,
        });
      } else {
        entry.final = true;
        const message = state.messages[entry.index];
        if (message) {
          message.text = event.text;
          message.role = event.role;
        }
      }
    }
  }
  return state;
}

/** Pure: the messages a timeline amounts to, in order of first appearance. */
export function fold(events: Iterable<SessionEvent>): TranscriptMessage[] {
  return foldInto(emptyFold(), events).messages;
}
