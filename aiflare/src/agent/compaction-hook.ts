import { AgentError } from "../errors.js";
import type { ToolSpec, ModelResponse } from "../model/model-client.js";
import type { AgentCallbacks } from "./agent-loop.js";
import { isContextOverflow, type Compactor } from "./compaction.js";
import type { ConversationState } from "./conversation.js";

export interface FittingRequest {
  compactor: Compactor;
  /** The loop's own state, compacted in place. */
  state: ConversationState;
  instructions: string;
  tools: readonly ToolSpec[];
  callbacks: AgentCallbacks;
  signal: AbortSignal;
  /** Sends the request for the current state (with the loop's retries). */
  send: () => Promise<ModelResponse>;
}

/**
 * One model request that fits the context window: compacted first when it would pass 90 %
 * of the window; when the API still answers `context_length_exceeded`, compacted once more
 * and retried exactly once; a second overflow fails the turn with a clear message.
 */
export async function requestFitting(request: FittingRequest): Promise<ModelResponse> {
  const { compactor, state, instructions, tools, callbacks, signal } = request;
  const compact = async (reason: "auto" | "overflow", limitTokens?: number) => {
    const info = await compactor.compact(state, reason, { instructions, tools }, signal, limitTokens);
    callbacks.onState(structuredClone(state));
    callbacks.onCompaction?.(info);
    if (info.tokensAfter !== undefined) callbacks.onContext?.({ usedTokens: info.tokensAfter, windowTokens: compactor.windowTokens });
  };
  const sendObserved = async () => {
    const sentChars = compactor.charsOf(state, instructions, tools);
    const response = await request.send();
    const context = compactor.observe(sentChars, response.usage);
    if (context) callbacks.onContext?.(context);
    return response;
  };
  if (compactor.shouldCompact(state, instructions, tools)) await compact("auto");
  try {
    return await sendObserved();
  } catch (error) {
    if (signal.aborted || !isContextOverflow(error)) throw error;
    // What just failed is over the window, whatever the estimate said: summarise below it.
    const failedAt = compactor.estimate(state, instructions, tools);
    await compact("overflow", Math.min(compactor.windowTokens, failedAt));
  }
  try {
    return await sendObserved();
  } catch (error) {
    if (signal.aborted || !isContextOverflow(error)) throw error;
    throw new AgentError(
      "the conversation does not fit the model's context window even after compacting it once; start a new session or shorten the last message (set AIFLARE_CONTEXT_WINDOW if the window is smaller than assumed)",
      { cause: error },
    );
  }
}
