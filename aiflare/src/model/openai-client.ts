import OpenAI from "openai";
import type { Usage } from "@aiflare/protocol";
import { ModelError } from "../errors.js";
import { IdleTimer } from "./idle-timer.js";
import type { CustomToolCallItem, FunctionCallItem, MessagePhase, OutputItem, OutputMessage, ReasoningItem } from "./items.js";
import type { ModelClient, ModelRequest, ModelResponse, StreamHandlers } from "./model-client.js";
import { classifyApiError, toModelError } from "./model-errors.js";
import { retryAfterMs } from "./retry-hint.js";
import { nodeFetch } from "./node-fetch.js";
import { readResponseEvents } from "./sse-events.js";

export interface OpenAIClientOptions {
  apiKey: string;
  /** Any Responses-API server (`OPENAI_BASE_URL`); the SDK default otherwise. */
  baseURL?: string;
  /** Per-request timeout until the headers arrive (the SDK's), default 10 minutes. */
  timeoutMs?: number;
  /** A stream silent this long is dropped and retried (default 300 s, like Codex). */
  streamIdleTimeoutMs?: number;
}

export const DEFAULT_STREAM_IDLE_TIMEOUT_MS = 300_000;

/** The model over the official `openai` SDK: `responses.create({stream: true})`. */
export class OpenAIResponsesClient implements ModelClient {
  readonly label: string;
  private readonly client: OpenAI;
  private readonly idleMs: number;

  constructor(options: OpenAIClientOptions) {
    // Retries are the agent loop's (with notices); the SDK must not retry behind its back.
    this.client = new OpenAI({
      apiKey: options.apiKey,
      ...(options.baseURL ? { baseURL: options.baseURL } : {}),
      maxRetries: 0,
      timeout: options.timeoutMs ?? 600_000,
      // node:http instead of the platform fetch: the streamed body stays a Node stream (see nodeFetch).
      fetch: nodeFetch,
    });
    this.idleMs = options.streamIdleTimeoutMs ?? DEFAULT_STREAM_IDLE_TIMEOUT_MS;
    this.label = options.baseURL ? `Responses API at ${options.baseURL}` : "OpenAI Responses API";
  }

  async stream(request: ModelRequest, handlers: StreamHandlers, signal: AbortSignal): Promise<ModelResponse> {
    let completed: ModelResponse | undefined;
    let started = false;
    const idle = new IdleTimer(this.idleMs);
    const calls = new Map<number, { name: string; callId: string; kind: "function" | "custom" }>();
    try {
      // The SDK builds, sends and checks the request; its body is read chunk by chunk (see readResponseEvents).
      const response = await this.client.responses.create(requestBody(request), { signal: AbortSignal.any([signal, idle.signal]) }).asResponse();
      await readResponseEvents(response, (batch) => {
        started = true;
        idle.touch();
        for (const event of batch) {
          switch (event.type) {
            case "response.output_text.delta":
            case "response.refusal.delta":
              handlers.onTextDelta({ outputIndex: event.output_index, itemId: event.item_id }, event.delta);
              break;
            case "response.reasoning_summary_part.added":
              if (event.summary_index > 0) handlers.onReasoningDelta({ outputIndex: event.output_index, itemId: event.item_id }, "\n\n");
              break;
            case "response.reasoning_summary_text.delta":
              handlers.onReasoningDelta({ outputIndex: event.output_index, itemId: event.item_id }, event.delta);
              break;
            case "response.output_item.added":
              if (event.item.type === "function_call" || event.item.type === "custom_tool_call") {
                calls.set(event.output_index, { name: event.item.name, callId: event.item.call_id, kind: event.item.type === "function_call" ? "function" : "custom" });
              }
              break;
            case "response.function_call_arguments.delta":
            case "response.custom_tool_call_input.delta": {
              const call = calls.get(event.output_index);
              if (call) handlers.onCallDelta?.({ outputIndex: event.output_index, itemId: event.item_id }, call, event.delta);
              break;
            }
            case "response.output_item.done":
              handlers.onItemDone({ outputIndex: event.output_index, itemId: event.item.id ?? "" }, toOutputItem(event.item));
              break;
            case "response.completed":
            case "response.incomplete":
              completed = {
                id: event.response.id,
                output: event.response.output.map(toOutputItem),
                ...(event.response.usage ? { usage: toUsage(event.response.usage) } : {}),
                ...(event.type === "response.incomplete" ? { incompleteReason: event.response.incomplete_details?.reason ?? "incomplete" } : {}),
              };
              break;
            case "response.failed": {
              const error = event.response.error;
              const code = error?.code ?? "server_error";
              const message = error?.message ?? code;
              const hint = retryAfterMs(undefined, message);
              throw classifyApiError(code, `the model failed: ${message}`, {
                ...(hint !== undefined ? { retryAfterMs: hint } : {}),
                ...(event.response.usage ? { usage: toUsage(event.response.usage) } : {}),
              });
            }
            case "error": {
              const hint = retryAfterMs(undefined, event.message);
              throw classifyApiError(event.code ?? undefined, event.message, hint !== undefined ? { retryAfterMs: hint } : {});
            }
            default:
              break;
          }
        }
      });
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      if (idle.fired) throw new ModelError("incomplete", `the response stream stalled: ${(idle.signal.reason as Error).message}`, true, { cause: error });
      // A mid-stream `error` event reaches us as an APIError without a status: classify it by its code.
      if (error instanceof OpenAI.APIError) throw toModelError(error);
      if (started && !(error instanceof ModelError)) {
        // The connection died mid-stream: retry as a broken stream, not as an unreachable server.
        const reason = error instanceof Error ? error.message : String(error);
        throw new ModelError("incomplete", `the response stream broke off (${reason})`, true, { cause: error });
      }
      throw toModelError(error);
    } finally {
      idle.stop();
    }
    if (signal.aborted) throw signal.reason;
    if (!completed) throw new ModelError("incomplete", "the response stream ended before response.completed", true);
    return completed;
  }
}

/** The SDK's request body for one ModelRequest (optional fields only when set). */
function requestBody(request: ModelRequest): OpenAI.Responses.ResponseCreateParamsStreaming {
  return {
    model: request.model,
    instructions: request.instructions,
    input: request.input as OpenAI.Responses.ResponseInput,
    tools: request.tools,
    store: request.store,
    stream: true,
    ...(request.previousResponseId ? { previous_response_id: request.previousResponseId } : {}),
    ...(request.reasoning ? { reasoning: request.reasoning } : {}),
    ...(request.include?.length ? { include: request.include as OpenAI.Responses.ResponseIncludable[] } : {}),
    ...(request.promptCacheKey ? { prompt_cache_key: request.promptCacheKey } : {}),
    ...(request.parallelToolCalls !== undefined ? { parallel_tool_calls: request.parallelToolCalls } : {}),
  };
}

function toOutputItem(item: OpenAI.Responses.ResponseOutputItem): OutputItem {
  switch (item.type) {
    case "message": {
      const phase = (item as { phase?: MessagePhase | null }).phase;
      return {
        type: "message",
        id: item.id,
        role: "assistant",
        content: item.content.map((part) => ({ type: part.type, ...("text" in part ? { text: part.text } : {}), ...("refusal" in part ? { refusal: part.refusal } : {}) })),
        ...(phase ? { phase } : {}),
      } satisfies OutputMessage;
    }
    case "function_call":
      return { type: "function_call", call_id: item.call_id, name: item.name, arguments: item.arguments, ...(item.id ? { id: item.id } : {}) } satisfies FunctionCallItem;
    case "custom_tool_call":
      return { type: "custom_tool_call", call_id: item.call_id, name: item.name, input: item.input, ...(item.id ? { id: item.id } : {}) } satisfies CustomToolCallItem;
    case "reasoning":
      return {
        type: "reasoning",
        id: item.id,
        summary: item.summary.map((s) => ({ type: s.type, text: s.text })),
        ...(item.encrypted_content ? { encrypted_content: item.encrypted_content } : {}),
      } satisfies ReasoningItem;
    default:
      return { type: "other", raw: item };
  }
}

function toUsage(usage: OpenAI.Responses.ResponseUsage): Usage {
  const input = usage.input_tokens_details as { cached_tokens?: number; cache_write_tokens?: number } | undefined;
  return {
    inputTokens: usage.input_tokens,
    outputTokens: usage.output_tokens,
    totalTokens: usage.total_tokens,
    ...(usage.output_tokens_details?.reasoning_tokens !== undefined ? { reasoningTokens: usage.output_tokens_details.reasoning_tokens } : {}),
    ...(input?.cached_tokens !== undefined ? { cachedTokens: input.cached_tokens } : {}),
    ...(input?.cache_write_tokens !== undefined ? { cacheWriteTokens: input.cache_write_tokens } : {}),
  };
}
