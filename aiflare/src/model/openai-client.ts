import OpenAI from "openai";
import type { Usage } from "@aiflare/protocol";
import { ModelError } from "../errors.js";
import type { FunctionCallItem, OutputItem, OutputMessage, ReasoningItem } from "./items.js";
import type { ModelClient, ModelRequest, ModelResponse, StreamHandlers } from "./model-client.js";
import { retryAfterMs } from "./retry-hint.js";

export interface OpenAIClientOptions {
  apiKey: string;
  /** Any Responses-API server (`OPENAI_BASE_URL`); the SDK default otherwise. */
  baseURL?: string;
  /** Per-request timeout (the SDK's), default 10 minutes. */
  timeoutMs?: number;
}

/** Error codes in a stream's error payload that are worth another try. */
const RETRYABLE_CODES = new Set(["server_error", "rate_limit_exceeded", "internal_error", "server_is_overloaded", "slow_down"]);

/** An error code from a stream or an error body: retryable codes are server trouble, the rest a refused request. */
function errorFromCode(code: string, message: string, extra: { status?: number; retryAfterMs?: number; cause?: unknown } = {}): ModelError {
  const retryable = RETRYABLE_CODES.has(code);
  return new ModelError(retryable ? "server" : "invalid_request", message, retryable, extra);
}

/** The model over the official `openai` SDK: `responses.create({stream: true})`. */
export class OpenAIResponsesClient implements ModelClient {
  readonly label: string;
  private readonly client: OpenAI;

  constructor(options: OpenAIClientOptions) {
    // Retries are the agent loop's (with notices); the SDK must not retry behind its back.
    this.client = new OpenAI({
      apiKey: options.apiKey,
      ...(options.baseURL ? { baseURL: options.baseURL } : {}),
      maxRetries: 0,
      timeout: options.timeoutMs ?? 600_000,
    });
    this.label = options.baseURL ? `Responses API at ${options.baseURL}` : "OpenAI Responses API";
  }

  async stream(request: ModelRequest, handlers: StreamHandlers, signal: AbortSignal): Promise<ModelResponse> {
    let completed: ModelResponse | undefined;
    let started = false;
    try {
      const stream = await this.client.responses.create(
        {
          model: request.model,
          instructions: request.instructions,
          input: request.input as OpenAI.Responses.ResponseInput,
          tools: request.tools,
          store: request.store,
          stream: true,
          ...(request.previousResponseId ? { previous_response_id: request.previousResponseId } : {}),
        },
        { signal },
      );
      for await (const event of stream) {
        started = true;
        switch (event.type) {
          case "response.output_text.delta":
            handlers.onTextDelta({ outputIndex: event.output_index, itemId: event.item_id }, event.delta);
            break;
          case "response.reasoning_summary_text.delta":
            handlers.onReasoningDelta({ outputIndex: event.output_index, itemId: event.item_id }, event.delta);
            break;
          case "response.output_item.done":
            handlers.onItemDone({ outputIndex: event.output_index, itemId: event.item.id ?? "" }, toOutputItem(event.item));
            break;
          case "response.completed":
          case "response.incomplete":
            completed = {
              id: event.response.id,
              output: event.response.output.map(toOutputItem),
              ...(event.response.usage ? { usage: toUsage(event.response.usage) } : {}),
              ...(event.type === "response.incomplete"
                ? { incompleteReason: event.response.incomplete_details?.reason ?? "incomplete" }
                : {}),
            };
            break;
          case "response.failed": {
            const error = event.response.error;
            const code = error?.code ?? "server_error";
            throw errorFromCode(code, `the model failed: ${error?.message ?? code}`);
          }
          case "error": {
            const hint = retryAfterMs(undefined, event.message);
            throw errorFromCode(event.code ?? "", event.message, hint !== undefined ? { retryAfterMs: hint } : {});
          }
          default:
            break;
        }
      }
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      if (started && !(error instanceof ModelError) && !(error instanceof OpenAI.APIError && error.status !== undefined)) {
        // The connection died mid-stream: retry as a broken stream, not as an unreachable server.
        const reason = error instanceof Error ? error.message : String(error);
        throw new ModelError("incomplete", `the response stream broke off (${reason})`, true, { cause: error });
      }
      throw toModelError(error);
    }
    if (signal.aborted) throw signal.reason;
    if (!completed) throw new ModelError("incomplete", "the response stream ended before response.completed", true);
    return completed;
  }
}

/** Maps the SDK's errors onto retryable / final ModelErrors. */
export function toModelError(error: unknown): ModelError {
  if (error instanceof ModelError) return error;
  if (error instanceof OpenAI.APIConnectionError) {
    return new ModelError("connection", `could not reach the model: ${error.message}`, true, { cause: error });
  }
  if (error instanceof OpenAI.APIError) {
    const apiError: { status: number | undefined; error: unknown; headers: Headers | undefined; message: string } = error;
    const status = apiError.status;
    const body = apiError.error as { message?: string; code?: string; type?: string } | undefined;
    const message = body?.message ?? apiError.message;
    const hint = retryAfterMs(apiError.headers, message);
    const extra = { ...(status !== undefined ? { status } : {}), ...(hint !== undefined ? { retryAfterMs: hint } : {}), cause: error };
    if (status === 429) {
      if (body?.code === "insufficient_quota" || body?.type === "insufficient_quota") return new ModelError("quota", message, false, extra);
      return new ModelError("rate_limit", message, true, extra);
    }
    if (status === 401 || status === 403) return new ModelError("auth", message, false, extra);
    if (status === 408 || status === 409 || (status !== undefined && status >= 500)) return new ModelError("server", message, true, extra);
    if (status === undefined) {
      const code = body?.code ?? "";
      return errorFromCode(code, message, extra);
    }
    return new ModelError("invalid_request", message, false, extra);
  }
  if (error instanceof SyntaxError) return new ModelError("incomplete", `malformed stream: ${error.message}`, true, { cause: error });
  const message = error instanceof Error ? error.message : String(error);
  return new ModelError("connection", message, true, { cause: error });
}

function toOutputItem(item: OpenAI.Responses.ResponseOutputItem): OutputItem {
  switch (item.type) {
    case "message":
      return { type: "message", id: item.id, role: "assistant", content: item.content.map((part) => ({ type: part.type, ...("text" in part ? { text: part.text } : {}) })) } satisfies OutputMessage;
    case "function_call":
      return { type: "function_call", call_id: item.call_id, name: item.name, arguments: item.arguments, ...(item.id ? { id: item.id } : {}) } satisfies FunctionCallItem;
    case "reasoning":
      return { type: "reasoning", id: item.id, summary: item.summary.map((s) => ({ type: s.type, text: s.text })) } satisfies ReasoningItem;
    default:
      return { type: "other", raw: item };
  }
}

function toUsage(usage: OpenAI.Responses.ResponseUsage): Usage {
  return {
    inputTokens: usage.input_tokens,
    outputTokens: usage.output_tokens,
    totalTokens: usage.total_tokens,
    ...(usage.output_tokens_details?.reasoning_tokens !== undefined ? { reasoningTokens: usage.output_tokens_details.reasoning_tokens } : {}),
    ...(usage.input_tokens_details?.cached_tokens !== undefined ? { cachedTokens: usage.input_tokens_details.cached_tokens } : {}),
  };
}
