import { apiErrorBody } from "./response-events.js";

/** What the real API answers when a request does not fit the model's context window (HTTP 400). */
export const CONTEXT_OVERFLOW_MESSAGE = "Your input exceeds the context window of this model. Please adjust your input and try again.";

/**
 * The fake's model context, as the real API behaves at its limit: a request's input tokens
 * grow with what it sends (about four characters a token, instructions and tools included,
 * plus the whole chain before it in previous_response_id mode); usage reports them; a request
 * over the window gets HTTP 400 `context_length_exceeded` in the real error shape.
 */
export class FakeContextWindow {
  /** Response id -> tokens of its conversation so far (input items + output), for previous_response_id. */
  private readonly chains = new Map<string, number>();
  /** Request body -> tokens of its conversation items (instructions and tools are not carried along a chain). */
  private readonly itemTokens = new WeakMap<object, number>();

  constructor(readonly windowTokens: number) {}

  /** Input tokens of a request body. */
  inputTokens(body: Record<string, unknown>): number {
    const fixed = Math.ceil(JSON.stringify([body.instructions ?? "", body.tools ?? []]).length / 4);
    const previous = typeof body.previous_response_id === "string" ? (this.chains.get(body.previous_response_id) ?? 0) : 0;
    const items = previous + Math.ceil(JSON.stringify(body.input ?? []).length / 4);
    this.itemTokens.set(body, items);
    return fixed + items;
  }

  /** The 400 reply for a request over the window, or undefined when it fits. */
  overflow(inputTokens: number): { kind: "error"; status: number; body: unknown; headers?: Record<string, string> } | undefined {
    if (inputTokens <= this.windowTokens) return undefined;
    return { kind: "error", status: 400, body: apiErrorBody(CONTEXT_OVERFLOW_MESSAGE, "invalid_request_error", "context_length_exceeded") };
  }

  /** The stream's events with usage counted from the request, remembering the chain for the next one. */
  withUsage(events: object[], inputTokens: number, body: Record<string, unknown>): object[] {
    return events.map((event) => {
      const typed = event as { type?: string; response?: { id?: string; output?: unknown[] } };
      if (typed.type !== "response.completed" || !typed.response) return event;
      const outputTokens = Math.ceil(JSON.stringify(typed.response.output ?? []).length / 4);
      if (typed.response.id) this.chains.set(typed.response.id, (this.itemTokens.get(body) ?? inputTokens) + outputTokens);
      const usage = {
        input_tokens: inputTokens,
        output_tokens: outputTokens,
        total_tokens: inputTokens + outputTokens,
        input_tokens_details: { cached_tokens: 0 },
        output_tokens_details: { reasoning_tokens: 0 },
      };
      return { ...event, response: { ...typed.response, usage } };
    });
  }
}
