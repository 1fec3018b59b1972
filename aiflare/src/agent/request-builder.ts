import type { ReasoningEffort } from "@aiflare/protocol";
import type { ModelRequest, ToolSpec } from "../model/model-client.js";
import { modelFamily } from "../model/model-family.js";
import type { ConversationState } from "./conversation.js";
import { fullInput } from "./repair.js";

/** What every request of a session carries besides the conversation. */
export interface RequestSettings {
  model: string;
  instructions: string;
  tools: ToolSpec[];
  reasoningEffort?: ReasoningEffort;
  promptCacheKey?: string;
}

/**
 * The next request for a conversation, the way Codex sends it. Stateless (the default):
 * `store: false`, the whole conversation, reasoning sent back with its encrypted content.
 * previous_response_id mode: only the new items, chained to the last stored response (or the
 * whole history when there is none to chain to). Reasoning models get `reasoning` with a
 * summary (so it can be shown) and the encrypted reasoning; other models refuse `reasoning`.
 */
export function buildRequest(settings: RequestSettings, state: ConversationState): ModelRequest {
  const family = modelFamily(settings.model);
  const chained = state.mode === "previous_response_id" && state.previousResponseId !== undefined;
  const request: ModelRequest = {
    model: settings.model,
    instructions: settings.instructions,
    tools: settings.tools,
    input: chained ? [...state.pending] : fullInput([...state.history, ...state.pending]),
    store: state.mode === "previous_response_id",
    parallelToolCalls: family.parallelToolCalls,
  };
  if (chained && state.previousResponseId) request.previousResponseId = state.previousResponseId;
  if (settings.promptCacheKey) request.promptCacheKey = settings.promptCacheKey;
  if (family.reasons) {
    request.reasoning = { ...(settings.reasoningEffort ? { effort: settings.reasoningEffort } : {}), summary: "auto" };
    request.include = ["reasoning.encrypted_content"];
  }
  return request;
}
