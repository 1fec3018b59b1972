import { addUsage, type CompactionReason, type ContextUsage, type MessagePhase, type NoticeLevel, type ReasoningEffort, type ToolResult, type Usage } from "@aiflare/protocol";
import { AgentError, ContextLengthExceededError, ModelError, type ToolInfrastructureError } from "../errors.js";
import { isCall, messageText, outputFor, refusalText, toInput, type CallItem, type OutputItem } from "../model/items.js";
import type { ItemRef, ModelClient, ModelResponse, StreamHandlers, ToolSpec } from "../model/model-client.js";
import type { ToolExecutor } from "../tool-executor.js";
import { toolsForModel } from "../tools/specs.js";
import { DEFAULT_RETRY, abortableSleep, backoffDelay, type RetryPolicy } from "./backoff.js";
import { runCall } from "./call-runner.js";
import { Compactor, type CompactionInfo } from "./compaction.js";
import { requestFitting } from "./compaction-hook.js";
import { copyConversation, type ConversationState } from "./conversation.js";
import { PatchStream } from "./patch-stream.js";
import { repairForError } from "./repair.js";
import { buildRequest } from "./request-builder.js";
import { userMessage, type PromptImage } from "./user-input.js";

/** Told about everything a turn does, as it happens. */
export interface AgentCallbacks {
  onTextDelta(messageId: string, delta: string): void;
  /** The final text of an assistant message (supersedes its deltas); a refusal is flagged as one. */
  onMessage(messageId: string, text: string, meta?: { phase?: MessagePhase; refusal?: boolean }): void;
  onReasoningDelta(itemId: string, delta: string): void;
  onReasoning(itemId: string, text: string): void;
  onToolCall(call: { callId: string; tool: string; args: Record<string, unknown> }): void;
  /** A patch as the model writes it, before its call is complete. */
  onToolCallDelta?(callId: string, delta: string): void;
  onToolResult(result: ToolResult): void;
  onNotice(level: NoticeLevel, text: string): void;
  /** `streaming` while a response streams, `working` while tools run or a retry waits. */
  onPhase(phase: "streaming" | "working"): void;
  /** The conversation changed; persist it to continue after a restart. */
  onState(state: ConversationState): void;
  /** What one response cost, as soon as it is known: completed, failed or retried ones alike. */
  onUsage?(usage: Usage): void;
  /** A response showed how full the context is (input tokens of the request, the window). */
  onContext?(context: ContextUsage): void;
  /** The model's context was compacted (replaced by a summary). */
  onCompaction?(info: CompactionInfo): void;
}

export interface AgentLoopOptions {
  model: ModelClient;
  modelName: string;
  instructions: string;
  executor: ToolExecutor;
  state: ConversationState;
  /** The tools offered; by default the shapes the model's family was trained on. */
  tools?: ToolSpec[];
  /** For reasoning models only; others get no `reasoning` parameter. */
  reasoningEffort?: ReasoningEffort;
  /** `prompt_cache_key`: one per session, so the resent prefix stays cached. */
  promptCacheKey?: string;
  /** Bytes of one call's output the model sees at most (head and tail kept). */
  toolOutputBudget?: number;
  retry?: RetryPolicy;
  /** Model responses per turn at most (each tool round is one). */
  maxRounds?: number;
  random?: () => number;
  /** The model's context window in tokens; when set, the conversation is compacted to fit it. */
  contextWindow?: number;
}

export interface AgentTurnResult {
  reply: string;
  usage?: Usage;
}

const DESCRIBE: Record<ModelError["kind"], string> = {
  rate_limit: "rate limited by the model API",
  server: "the model API had a server error",
  connection: "could not reach the model API",
  incomplete: "the response stream broke off",
  invalid_request: "the model API refused the request",
  auth: "the model API refused the credentials",
  quota: "the model API quota is used up (insufficient_quota)",
  context_length: "the conversation no longer fits the model's context window (context_length_exceeded)",
  previous_response_lost: "the stored conversation is gone",
};

/** Repairs of a refused request tried within one request at most. */
const MAX_REPAIRS = 3;

/**
 * The agent loop over the Responses API: send the conversation, stream the answer, run the
 * calls it asks for, send their outputs back, and repeat until a response has no call. Every
 * call gets an output before the next request, also when the turn is canceled ("aborted") or
 * a call fails; a refused request is repaired or its new input left out, so no 400 repeats.
 */
export class AgentLoop {
  private state: ConversationState;
  private turnUsage: Usage | undefined;
  private instructions: string;
  private readonly compactor: Compactor | undefined;

  constructor(private readonly options: AgentLoopOptions) {
    this.state = structuredClone(options.state);
    this.instructions = options.instructions;
    if (options.contextWindow) this.compactor = new Compactor({ model: options.model, modelName: options.modelName, windowTokens: options.contextWindow });
  }

  /** Replaces the standing instructions from the next request on (AGENTS.md is re-read per turn). */
  setInstructions(instructions: string): void {
    this.instructions = instructions;
  }

  /** Compacts the model's context now (manual compaction, between turns); undefined when there is nothing to compact or no window. */
  async compact(reason: CompactionReason, callbacks: AgentCallbacks, signal: AbortSignal): Promise<CompactionInfo | undefined> {
    if (!this.compactor || this.state.history.length + this.state.pending.length === 0) return undefined;
    const info = await this.compactor.compact(this.state, reason, { instructions: this.instructions, tools: this.tools() }, signal);
    callbacks.onState(this.snapshot());
    callbacks.onCompaction?.(info);
    if (info.tokensAfter !== undefined) callbacks.onContext?.({ usedTokens: info.tokensAfter, windowTokens: this.compactor.windowTokens });
    return info;
  }

  private tools(): ToolSpec[] {
    return this.options.tools ?? toolsForModel(this.options.modelName);
  }

  /** Takes another copy of the conversation (between turns: another hub node may have continued it). */
  restore(state: ConversationState): void {
    this.state = structuredClone(state);
  }

  /**
   * A copy of the conversation state: its own arrays, sharing the items, which are never changed
   * once in the conversation (see ConversationState). Saved at every step, so a copy of a long
   * session's items (megabytes) per step was the largest cost of a step (B3).
   */
  snapshot(): ConversationState {
    return copyConversation(this.state);
  }

  async runTurn(turnId: string, prompt: string, callbacks: AgentCallbacks, signal: AbortSignal, images?: readonly PromptImage[]): Promise<AgentTurnResult> {
    this.state.pending.push(userMessage(prompt, images));
    callbacks.onState(this.snapshot());
    this.turnUsage = undefined;
    const maxRounds = this.options.maxRounds ?? 100;
    for (let round = 0; ; round++) {
      if (round >= maxRounds) throw new AgentError(`stopped after ${maxRounds} model responses in one turn`);
      const send = () => this.requestWithRetries(turnId, round, callbacks, signal);
      const response = this.compactor
        ? await requestFitting({ compactor: this.compactor, state: this.state, instructions: this.instructions, tools: this.tools(), callbacks, signal, send })
        : await send();
      this.commit(response);
      callbacks.onState(this.snapshot());
      if (response.incompleteReason) callbacks.onNotice("warning", `the model stopped early (${response.incompleteReason})`);

      const calls = response.output.filter((item): item is CallItem => isCall(item));
      if (calls.length === 0) {
        const reply = response.output.flatMap((item) => (item.type === "message" ? [messageText(item)] : [])).join("\n\n");
        return { reply, ...(this.turnUsage ? { usage: this.turnUsage } : {}) };
      }
      callbacks.onPhase("working");
      let fatal: ToolInfrastructureError | undefined;
      for (const call of calls) {
        // After an infrastructure failure the remaining calls are not run, but still answered.
        const { output, error } = fatal
          ? skipCall(call, callbacks)
          : await runCall(call, { executor: this.options.executor, callbacks, signal, budget: this.options.toolOutputBudget });
        this.state.pending.push(outputFor(call, output));
        fatal ??= error;
      }
      callbacks.onState(this.snapshot());
      if (signal.aborted) throw signal.reason;
      if (fatal) throw fatal;
    }
  }

  /** A completed response becomes part of the conversation; pending items are now delivered. */
  private commit(response: ModelResponse): void {
    this.state.history.push(...this.state.pending);
    for (const item of response.output) {
      const input = toInput(item);
      if (input) this.state.history.push(input);
    }
    if (this.state.mode === "previous_response_id") this.state.previousResponseId = response.id;
    this.state.pending = [];
  }

  private countUsage(usage: Usage | undefined, callbacks: AgentCallbacks): void {
    if (!usage) return;
    this.turnUsage = addUsage(this.turnUsage, usage);
    callbacks.onUsage?.(usage);
  }

  private handlers(turnId: string, round: number, callbacks: AgentCallbacks): StreamHandlers {
    // Ids are stable per (turn, round, output index), so a retried response streams into the
    // same messages and its final text supersedes what the broken attempt left.
    const messageId = (ref: ItemRef) => `${turnId}-${round}-${ref.outputIndex}`;
    const patches = new Map<string, PatchStream>();
    return {
      onTextDelta: (ref, delta) => callbacks.onTextDelta(messageId(ref), delta),
      onReasoningDelta: (ref, delta) => callbacks.onReasoningDelta(`${messageId(ref)}-reasoning`, delta),
      onCallDelta: (_ref, call, delta) => {
        if (call.name !== "apply_patch" || !callbacks.onToolCallDelta) return;
        let stream = patches.get(call.callId);
        if (!stream) patches.set(call.callId, (stream = new PatchStream(call.kind)));
        const text = stream.push(delta);
        if (text) callbacks.onToolCallDelta(call.callId, text);
      },
      onItemDone: (ref: ItemRef, item: OutputItem) => {
        if (item.type === "message") {
          const refusal = refusalText(item) !== undefined && !item.content.some((part) => part.type === "output_text" && part.text);
          callbacks.onMessage(messageId(ref), messageText(item), { ...(item.phase ? { phase: item.phase } : {}), ...(refusal ? { refusal: true } : {}) });
        } else if (item.type === "reasoning" && item.summary.length > 0) {
          callbacks.onReasoning(`${messageId(ref)}-reasoning`, item.summary.map((part) => part.text).join("\n\n"));
        }
      },
    };
  }

  private async requestWithRetries(turnId: string, round: number, callbacks: AgentCallbacks, signal: AbortSignal): Promise<ModelResponse> {
    const policy = this.options.retry ?? DEFAULT_RETRY;
    const handlers = this.handlers(turnId, round, callbacks);
    const settings = {
      model: this.options.modelName,
      instructions: this.instructions,
      tools: this.tools(),
      ...(this.options.reasoningEffort ? { reasoningEffort: this.options.reasoningEffort } : {}),
      ...(this.options.promptCacheKey ? { promptCacheKey: this.options.promptCacheKey } : {}),
    };
    let repairs = 0;
    for (let retry = 0; ; ) {
      callbacks.onPhase("streaming");
      try {
        const response = await this.options.model.stream(buildRequest(settings, this.state), handlers, signal);
        this.countUsage(response.usage, callbacks);
        return response;
      } catch (error) {
        if (signal.aborted) throw signal.reason;
        const failure = error instanceof ModelError ? error : new ModelError("connection", error instanceof Error ? error.message : String(error), true);
        this.countUsage(failure.usage, callbacks);
        if (repairs < MAX_REPAIRS && this.repaired(failure, callbacks)) {
          repairs++;
          continue;
        }
        if (!failure.retryable) throw this.endTurn(failure, callbacks);
        if (retry >= policy.maxRetries) {
          throw new AgentError(`giving up after ${retry + 1} attempts: ${DESCRIBE[failure.kind]} (${failure.message})`, { cause: failure });
        }
        const delay = backoffDelay(policy, retry, failure.retryAfterMs, this.options.random);
        retry++;
        callbacks.onPhase("working");
        callbacks.onNotice(
          "warning",
          `${DESCRIBE[failure.kind]}${failure.status ? ` (${failure.status})` : ""}; retrying in ${(delay / 1000).toFixed(1)}s (retry ${retry} of ${policy.maxRetries})`,
        );
        await abortableSleep(delay, signal);
      }
    }
  }

  /** Fixes what a refused request names (a lost stored response, a dangling call, an unknown item); true to send again at once. */
  private repaired(failure: ModelError, callbacks: AgentCallbacks): boolean {
    if (failure.kind === "previous_response_lost" && this.state.mode === "previous_response_id") {
      this.state.mode = "stateless";
      delete this.state.previousResponseId;
      callbacks.onNotice("warning", `${DESCRIBE[failure.kind]} (${failure.message}); continuing statelessly from the hub's own history`);
      callbacks.onState(this.snapshot());
      return true;
    }
    if (failure.kind !== "invalid_request" || !repairForError(this.state, failure.message)) return false;
    callbacks.onNotice("warning", `the model API refused the conversation (${failure.message}); repaired it and sent it again`);
    callbacks.onState(this.snapshot());
    return true;
  }

  /**
   * The error a refused request ends the turn with. A context overflow keeps the turn's input
   * (compaction can shrink the conversation and go on); any other refused request leaves this
   * turn's new messages out of the conversation, so the next prompt does not fail the same way.
   */
  private endTurn(failure: ModelError, callbacks: AgentCallbacks): AgentError {
    if (failure.kind === "context_length") return new ContextLengthExceededError(`${DESCRIBE[failure.kind]}: ${failure.message}`, { cause: failure });
    if (failure.kind === "invalid_request" || failure.kind === "previous_response_lost") {
      const kept = this.state.pending.filter((item) => item.type === "function_call_output" || item.type === "custom_tool_call_output");
      if (kept.length < this.state.pending.length) {
        this.state.pending = kept;
        callbacks.onNotice("warning", "the refused request's new messages were left out of the model's context, so the session can go on");
        callbacks.onState(this.snapshot());
      }
    }
    return new AgentError(`${DESCRIBE[failure.kind]}: ${failure.message}`, { cause: failure });
  }
}

/** A call not run because an earlier one lost its infrastructure: recorded and answered "aborted". */
function skipCall(call: CallItem, callbacks: AgentCallbacks): { output: string; error?: ToolInfrastructureError } {
  callbacks.onToolCall({ callId: call.call_id, tool: call.name, args: {} });
  callbacks.onToolResult({ callId: call.call_id, ok: false, output: "", durationMs: 0, error: "not run: the turn failed" });
  return { output: "aborted" };
}
