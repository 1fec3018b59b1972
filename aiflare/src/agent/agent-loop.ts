import { addUsage, type NoticeLevel, type ToolResult, type Usage } from "@aiflare/protocol";
import { AgentError, ModelError, ToolInfrastructureError } from "../errors.js";
import { messageText, toInput, type FunctionCallItem, type OutputItem } from "../model/items.js";
import { userMessage, type PromptImage } from "../model/user-message.js";
import type { FunctionToolSpec, ItemRef, ModelClient, ModelRequest, ModelResponse } from "../model/model-client.js";
import { toolOutputForModel, type ToolExecutor } from "../tool-executor.js";
import { AGENT_TOOLS } from "../tools/specs.js";
import { DEFAULT_RETRY, abortableSleep, backoffDelay, type RetryPolicy } from "./backoff.js";
import type { ConversationState } from "./conversation.js";

/** Told about everything a turn does, as it happens. */
export interface AgentCallbacks {
  onTextDelta(messageId: string, delta: string): void;
  /** The final text of an assistant message (supersedes its deltas). */
  onMessage(messageId: string, text: string): void;
  onReasoningDelta(itemId: string, delta: string): void;
  onReasoning(itemId: string, text: string): void;
  onToolCall(call: { callId: string; tool: string; args: Record<string, unknown> }): void;
  onToolResult(result: ToolResult): void;
  onNotice(level: NoticeLevel, text: string): void;
  /** `streaming` while a response streams, `working` while tools run or a retry waits. */
  onPhase(phase: "streaming" | "working"): void;
  /** The conversation changed; persist it to continue after a restart. */
  onState(state: ConversationState): void;
}

export interface AgentLoopOptions {
  model: ModelClient;
  modelName: string;
  instructions: string;
  executor: ToolExecutor;
  state: ConversationState;
  tools?: FunctionToolSpec[];
  retry?: RetryPolicy;
  /** Model responses per turn at most (each tool round is one). */
  maxRounds?: number;
  random?: () => number;
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
  quota: "the model API quota is used up",
};

/**
 * The agent loop over the Responses API: send the conversation, stream the answer, run the
 * function calls it asks for, send their outputs back, and repeat until a response has no
 * call. Every call the model made gets an output before the next request, also when the turn
 * is canceled ("aborted") or a call fails.
 */
export class AgentLoop {
  private readonly state: ConversationState;

  constructor(private readonly options: AgentLoopOptions) {
    this.state = structuredClone(options.state);
  }

  /** A copy of the conversation state. */
  snapshot(): ConversationState {
    return structuredClone(this.state);
  }

  async runTurn(turnId: string, prompt: string, callbacks: AgentCallbacks, signal: AbortSignal, images?: readonly PromptImage[]): Promise<AgentTurnResult> {
    this.state.pending.push(userMessage(prompt, images));
    callbacks.onState(this.snapshot());
    let usage: Usage | undefined;
    const maxRounds = this.options.maxRounds ?? 100;
    for (let round = 0; ; round++) {
      if (round >= maxRounds) throw new AgentError(`stopped after ${maxRounds} model responses in one turn`);
      const response = await this.requestWithRetries(turnId, round, callbacks, signal);
      this.commit(response);
      callbacks.onState(this.snapshot());
      usage = addUsage(usage, response.usage);
      if (response.incompleteReason) callbacks.onNotice("warning", `the model stopped early (${response.incompleteReason})`);

      const calls = response.output.filter((item): item is FunctionCallItem => item.type === "function_call");
      if (calls.length === 0) {
        const reply = response.output.flatMap((item) => (item.type === "message" ? [messageText(item)] : [])).join("\n\n");
        return { reply, ...(usage ? { usage } : {}) };
      }
      callbacks.onPhase("working");
      let fatal: ToolInfrastructureError | undefined;
      for (const call of calls) {
        // After an infrastructure failure the remaining calls are not run, but still answered.
        const { output, error } = fatal ? { output: "aborted", error: undefined } : await this.runCall(call, callbacks, signal);
        if (fatal) {
          callbacks.onToolCall({ callId: call.call_id, tool: call.name, args: {} });
          callbacks.onToolResult({ callId: call.call_id, ok: false, output: "", durationMs: 0, error: "not run: the turn failed" });
        }
        this.state.pending.push({ type: "function_call_output", call_id: call.call_id, output });
        fatal ??= error;
      }
      callbacks.onState(this.snapshot());
      if (signal.aborted) throw signal.reason;
      if (fatal) throw fatal;
    }
  }

  private request(): ModelRequest {
    const { state } = this;
    const base = { model: this.options.modelName, instructions: this.options.instructions, tools: this.options.tools ?? AGENT_TOOLS };
    if (state.mode === "previous_response_id") {
      return { ...base, input: [...state.pending], store: true, ...(state.previousResponseId ? { previousResponseId: state.previousResponseId } : {}) };
    }
    return { ...base, input: [...state.history, ...state.pending], store: false };
  }

  /** A completed response becomes part of the conversation; pending items are now delivered. */
  private commit(response: ModelResponse): void {
    if (this.state.mode === "previous_response_id") {
      this.state.previousResponseId = response.id;
    } else {
      this.state.history.push(...this.state.pending);
      for (const item of response.output) {
        const input = toInput(item);
        if (input) this.state.history.push(input);
      }
    }
    this.state.pending = [];
  }

  private async requestWithRetries(turnId: string, round: number, callbacks: AgentCallbacks, signal: AbortSignal): Promise<ModelResponse> {
    const policy = this.options.retry ?? DEFAULT_RETRY;
    // Ids are stable per (turn, round, output index), so a retried response streams into the
    // same messages and its final text supersedes what the broken attempt left.
    const messageId = (ref: ItemRef) => `${turnId}-${round}-${ref.outputIndex}`;
    const handlers = {
      onTextDelta: (ref: ItemRef, delta: string) => callbacks.onTextDelta(messageId(ref), delta),
      onReasoningDelta: (ref: ItemRef, delta: string) => callbacks.onReasoningDelta(`${messageId(ref)}-reasoning`, delta),
      onItemDone: (ref: ItemRef, item: OutputItem) => {
        if (item.type === "message") callbacks.onMessage(messageId(ref), messageText(item));
        else if (item.type === "reasoning" && item.summary.length > 0) {
          callbacks.onReasoning(`${messageId(ref)}-reasoning`, item.summary.map((part) => part.text).join("\n\n"));
        }
      },
    };
    for (let retry = 0; ; retry++) {
      callbacks.onPhase("streaming");
      try {
        return await this.options.model.stream(this.request(), handlers, signal);
      } catch (error) {
        if (signal.aborted) throw signal.reason;
        const failure = error instanceof ModelError ? error : new ModelError("connection", error instanceof Error ? error.message : String(error), true);
        if (!failure.retryable) throw new AgentError(`${DESCRIBE[failure.kind]}: ${failure.message}`, { cause: failure });
        if (retry >= policy.maxRetries) {
          throw new AgentError(`giving up after ${retry + 1} attempts: ${DESCRIBE[failure.kind]} (${failure.message})`, { cause: failure });
        }
        const delay = backoffDelay(policy, retry, failure.retryAfterMs, this.options.random);
        callbacks.onPhase("working");
        callbacks.onNotice(
          "warning",
          `${DESCRIBE[failure.kind]}${failure.status ? ` (${failure.status})` : ""}; retrying in ${(delay / 1000).toFixed(1)}s (retry ${retry + 1} of ${policy.maxRetries})`,
        );
        await abortableSleep(delay, signal);
      }
    }
  }

  private async runCall(call: FunctionCallItem, callbacks: AgentCallbacks, signal: AbortSignal): Promise<{ output: string; error?: ToolInfrastructureError }> {
    let args: Record<string, unknown> | undefined;
    try {
      const parsed: unknown = JSON.parse(call.arguments || "{}");
      if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) args = parsed as Record<string, unknown>;
    } catch {
      args = undefined;
    }
    callbacks.onToolCall({ callId: call.call_id, tool: call.name, args: args ?? { raw: call.arguments } });
    const failed = (error: string): ToolResult => ({ callId: call.call_id, ok: false, output: "", durationMs: 0, error });
    let result: ToolResult;
    let infrastructure: ToolInfrastructureError | undefined;
    if (signal.aborted) result = failed("aborted");
    else if (!args) result = failed("the arguments are not a JSON object");
    else {
      const started = Date.now();
      try {
        // An executor that ignores the signal must not hold a canceled turn.
        result = await raceAbort(this.options.executor.execute({ callId: call.call_id, tool: call.name, args, signal }), signal);
      } catch (error) {
        if (error instanceof ToolInfrastructureError && !signal.aborted) infrastructure = error;
        result = signal.aborted
          ? { ...failed("aborted"), durationMs: Date.now() - started }
          : { ...failed(error instanceof Error ? error.message : String(error)), durationMs: Date.now() - started };
      }
    }
    callbacks.onToolResult(result);
    const output = signal.aborted && !result.ok ? "aborted" : toolOutputForModel(result);
    return infrastructure ? { output, error: infrastructure } : { output };
  }
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
