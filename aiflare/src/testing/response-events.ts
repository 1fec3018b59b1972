/** An item a fake response should produce. */
export type FakeItem =
  | { type: "message"; text: string; phase?: "commentary" | "final_answer" }
  | { type: "refusal"; text: string }
  | { type: "function_call"; name: string; arguments: unknown; callId?: string }
  | { type: "custom_tool_call"; name: string; input: string; callId?: string }
  | { type: "reasoning"; summary: string };

export interface FakeUsage {
  input_tokens: number;
  output_tokens: number;
  total_tokens: number;
  input_tokens_details?: { cached_tokens: number; cache_write_tokens?: number };
  output_tokens_details?: { reasoning_tokens: number };
}

let counter = 0;
const nextId = (prefix: string) => `${prefix}_${Date.now().toString(36)}${(counter++).toString(36)}`;

/** Splits text into pieces of at most `size` characters (at least one piece). */
export function chunk(text: string, size: number): string[] {
  if (text.length === 0) return [""];
  const pieces: string[] = [];
  for (let i = 0; i < text.length; i += size) pieces.push(text.slice(i, i + size));
  return pieces;
}

/**
 * The SSE events of one complete streamed response, as the Responses API sends them:
 * created, in_progress, per item added / deltas / done, then completed with the full response.
 */
export function responseEvents(items: FakeItem[], options: { id?: string; usage?: FakeUsage; chunkSize?: number; model?: string } = {}): object[] {
  const id = options.id ?? nextId("resp");
  const size = options.chunkSize ?? 4;
  const usage = options.usage ?? { input_tokens: 10, output_tokens: 5, total_tokens: 15 };
  const base = { id, object: "response", created_at: Math.floor(Date.now() / 1000), model: options.model ?? "fake-model", output: [] as object[] };
  const events: object[] = [];
  events.push({ type: "response.created", response: { ...base, status: "in_progress" } });
  events.push({ type: "response.in_progress", response: { ...base, status: "in_progress" } });
  const output: object[] = [];
  items.forEach((item, outputIndex) => {
    if (item.type === "refusal") {
      const itemId = nextId("msg");
      const done = { type: "message", id: itemId, status: "completed", role: "assistant", content: [{ type: "refusal", refusal: item.text }] };
      events.push({ type: "response.output_item.added", output_index: outputIndex, item: { ...done, status: "in_progress", content: [] } });
      events.push({ type: "response.content_part.added", item_id: itemId, output_index: outputIndex, content_index: 0, part: { type: "refusal", refusal: "" } });
      for (const delta of chunk(item.text, size)) events.push({ type: "response.refusal.delta", item_id: itemId, output_index: outputIndex, content_index: 0, delta });
      events.push({ type: "response.refusal.done", item_id: itemId, output_index: outputIndex, content_index: 0, refusal: item.text });
      events.push({ type: "response.output_item.done", output_index: outputIndex, item: done });
      output.push(done);
    } else if (item.type === "custom_tool_call") {
      const itemId = nextId("ctc");
      const done = { type: "custom_tool_call", id: itemId, call_id: item.callId ?? nextId("call"), name: item.name, input: item.input, status: "completed" };
      events.push({ type: "response.output_item.added", output_index: outputIndex, item: { ...done, input: "", status: "in_progress" } });
      for (const delta of chunk(item.input, size * 4)) events.push({ type: "response.custom_tool_call_input.delta", item_id: itemId, output_index: outputIndex, delta });
      events.push({ type: "response.custom_tool_call_input.done", item_id: itemId, output_index: outputIndex, input: item.input });
      events.push({ type: "response.output_item.done", output_index: outputIndex, item: done });
      output.push(done);
    } else if (item.type === "message") {
      const itemId = nextId("msg");
      const done = {
        type: "message",
        id: itemId,
        status: "completed",
        role: "assistant",
        content: [{ type: "output_text", text: item.text, annotations: [] }],
        ...(item.phase ? { phase: item.phase } : {}),
      };
      events.push({ type: "response.output_item.added", output_index: outputIndex, item: { ...done, status: "in_progress", content: [] } });
      events.push({ type: "response.content_part.added", item_id: itemId, output_index: outputIndex, content_index: 0, part: { type: "output_text", text: "", annotations: [] } });
      for (const delta of chunk(item.text, size)) {
        events.push({ type: "response.output_text.delta", item_id: itemId, output_index: outputIndex, content_index: 0, delta, logprobs: [] });
      }
      events.push({ type: "response.output_text.done", item_id: itemId, output_index: outputIndex, content_index: 0, text: item.text, logprobs: [] });
      events.push({ type: "response.output_item.done", output_index: outputIndex, item: done });
      output.push(done);
    } else if (item.type === "function_call") {
      const itemId = nextId("fc");
      const args = typeof item.arguments === "string" ? item.arguments : JSON.stringify(item.arguments);
      const done = { type: "function_call", id: itemId, call_id: item.callId ?? nextId("call"), name: item.name, arguments: args, status: "completed" };
      events.push({ type: "response.output_item.added", output_index: outputIndex, item: { ...done, arguments: "", status: "in_progress" } });
      for (const delta of chunk(args, size * 4)) {
        events.push({ type: "response.function_call_arguments.delta", item_id: itemId, output_index: outputIndex, delta });
      }
      events.push({ type: "response.function_call_arguments.done", item_id: itemId, output_index: outputIndex, arguments: args });
      events.push({ type: "response.output_item.done", output_index: outputIndex, item: done });
      output.push(done);
    } else {
      const itemId = nextId("rs");
      const done = { type: "reasoning", id: itemId, summary: [{ type: "summary_text", text: item.summary }] };
      events.push({ type: "response.output_item.added", output_index: outputIndex, item: { ...done, summary: [] } });
      events.push({ type: "response.reasoning_summary_part.added", item_id: itemId, output_index: outputIndex, summary_index: 0, part: { type: "summary_text", text: "" } });
      for (const delta of chunk(item.summary, size)) {
        events.push({ type: "response.reasoning_summary_text.delta", item_id: itemId, output_index: outputIndex, summary_index: 0, delta });
      }
      events.push({ type: "response.reasoning_summary_text.done", item_id: itemId, output_index: outputIndex, summary_index: 0, text: item.summary });
      events.push({ type: "response.output_item.done", output_index: outputIndex, item: done });
      output.push(done);
    }
  });
  events.push({
    type: "response.completed",
    response: { ...base, status: "completed", output, usage: { input_tokens_details: { cached_tokens: 0 }, output_tokens_details: { reasoning_tokens: 0 }, ...usage } },
  });
  return events.map((event, sequence) => ({ ...event, sequence_number: sequence }));
}

/** A mid-stream SSE `error` event, as the API sends when it gives up inside a stream (quota, rate limit, ...). */
export function streamErrorEvent(code: string, message: string): object {
  return { type: "error", code, message, param: null, sequence_number: 99 };
}

/** A response that starts and then fails (`response.failed` with `error.code`), billed for what it used. */
export function failedResponseEvents(code: string, message: string, usage: FakeUsage = { input_tokens: 10, output_tokens: 0, total_tokens: 10 }): object[] {
  const id = nextId("resp");
  const base = { id, object: "response", created_at: Math.floor(Date.now() / 1000), model: "fake-model", output: [] as object[] };
  return [
    { type: "response.created", response: { ...base, status: "in_progress" }, sequence_number: 0 },
    { type: "response.failed", response: { ...base, status: "failed", error: { code, message }, usage }, sequence_number: 1 },
  ];
}

/** The API's JSON error body. */
export function apiErrorBody(message: string, type = "invalid_request_error", code: string | null = null): object {
  return { error: { message, type, param: null, code } };
}
