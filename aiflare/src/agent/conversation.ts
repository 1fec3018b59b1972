import type { InputItem } from "../model/items.js";

/** How the model keeps the conversation: resent in full (`stateless`, the default) or stored on the server. */
export type ConversationMode = "previous_response_id" | "stateless";

/**
 * Everything needed to continue a conversation, plain JSON so the hub can persist it.
 * `history` holds every item a completed response has seen or produced, in both modes, so a
 * request can always be rebuilt without the server's stored copy; `pending` holds what no
 * completed response has seen yet (the new prompt, tool outputs, and whatever a canceled or
 * failed request never delivered). An item is never changed once it is in either list: copies
 * of the state (`AgentLoop.snapshot`) share the items and only copy the arrays, so code that
 * changes the conversation replaces items or lists, never edits an item in place.
 */
export interface ConversationState {
  mode: ConversationMode;
  /** previous_response_id mode: the last completed response. */
  previousResponseId?: string;
  history: InputItem[];
  pending: InputItem[];
}

/** An empty conversation. */
export function newConversation(mode: ConversationMode): ConversationState {
  return { mode, history: [], pending: [] };
}

/** A copy with its own lists, sharing the items (never changed once in a conversation, see ConversationState). */
export function copyConversation(state: ConversationState): ConversationState {
  return { ...state, history: state.history.slice(), pending: state.pending.slice() };
}
