import OpenAI from "openai";
import { ModelError, type ModelErrorDetails } from "../errors.js";
import { retryAfterMs } from "./retry-hint.js";

/** Codes that mean "the server had trouble; the same request may work later". */
const SERVER_CODES = new Set(["server_error", "internal_error", "server_is_overloaded", "slow_down", "overloaded"]);

/** Messages of a request that continued a stored response the server no longer has (or never kept). */
const LOST_PREVIOUS = /previous response .*not found|previous_response_id|zero data retention/i;

/**
 * Classifies an error by the API's code, wherever it came from (an HTTP error body, a
 * `response.failed` event, a mid-stream `error` event). `status` is the HTTP status when there
 * was one. Codes first: a quota is never retried, a rate limit waits for its hint, a context
 * overflow goes to compaction, a lost previous response makes the loop rebuild its request.
 */
export function classifyApiError(code: string | undefined, message: string, details: ModelErrorDetails = {}): ModelError {
  const status = details.status;
  const extra: ModelErrorDetails = { ...details, ...(code ? { code } : {}) };
  if (code === "insufficient_quota") return new ModelError("quota", message, false, extra);
  if (code === "rate_limit_exceeded" || (status === 429 && !code)) return new ModelError("rate_limit", message, true, extra);
  if (code === "context_length_exceeded") return new ModelError("context_length", message, false, extra);
  if (code === "previous_response_not_found" || (LOST_PREVIOUS.test(message) && (status === undefined || status === 400 || status === 404))) {
    return new ModelError("previous_response_lost", message, false, extra);
  }
  if (code && SERVER_CODES.has(code)) return new ModelError("server", message, true, extra);
  if (status === 429) return new ModelError("rate_limit", message, true, extra);
  if (status === 401 || status === 403) return new ModelError("auth", message, false, extra);
  if (status === 408 || status === 409 || (status !== undefined && status >= 500)) return new ModelError("server", message, true, extra);
  if (status === undefined && !code) return new ModelError("server", message, true, extra);
  return new ModelError("invalid_request", message, false, extra);
}

/** Maps the SDK's errors (and anything else a stream throws) onto ModelErrors. */
export function toModelError(error: unknown): ModelError {
  if (error instanceof ModelError) return error;
  if (error instanceof OpenAI.APIConnectionError) {
    return new ModelError("connection", `could not reach the model: ${error.message}`, true, { cause: error });
  }
  if (error instanceof OpenAI.APIError) {
    const apiError: { status: number | undefined; error: unknown; headers: Headers | undefined; message: string } = error;
    const body = apiError.error as { message?: string; code?: string | null; type?: string } | undefined;
    const message = body?.message ?? apiError.message;
    // The quota's code sits in `type` on some answers.
    const code = body?.code ?? (body?.type === "insufficient_quota" ? "insufficient_quota" : undefined);
    const hint = retryAfterMs(apiError.headers, message);
    return classifyApiError(code ?? undefined, message, {
      ...(apiError.status !== undefined ? { status: apiError.status } : {}),
      ...(hint !== undefined ? { retryAfterMs: hint } : {}),
      cause: error,
    });
  }
  if (error instanceof SyntaxError) return new ModelError("incomplete", `malformed stream: ${error.message}`, true, { cause: error });
  const message = error instanceof Error ? error.message : String(error);
  return new ModelError("connection", message, true, { cause: error });
}
