import type { InputItem } from "../model/items.js";

/** How the model keeps the conversation: on the server (previous_response_id) or resent in full. */
export type ConversationMode = "previous_response_id" | "stateless";

/**
 * Everything needed to continue a conversation, plain JSON so the hub can persist it.
 * `pending` holds items no completed response has seen yet (the new prompt, tool outputs,
 * and whatever a canceled or failed request never delivered).
 */
export interface ConversationState {
  mode: ConversationMode;
  /** previous_response_id mode: the last completed response. */
  previousResponseId?: string;
  /** stateless mode: every item of the conversation so far. */
  history: InputItem[];
  pending: InputItem[];
}

export function newConversation(mode: ConversationMode): ConversationState {
  return { mode, history: [], pending: [] };
}
