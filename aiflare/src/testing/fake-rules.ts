import { modelFamily } from "../model/model-family.js";
import type { FakeReply } from "./fake-responses-server.js";
import { apiErrorBody } from "./response-events.js";

type Item = { type?: string; id?: string; call_id?: string; encrypted_content?: string | null; summary?: unknown[] };

/** What the fake keeps of a response stored with `store: true`. */
export interface StoredResponse {
  previousId?: string;
  items: Item[];
}

/** The encrypted reasoning the fake hands out for a reasoning item (and accepts back). */
export const encryptedReasoning = (id: string) => `enc:${Buffer.from(id).toString("base64")}`;

const error = (status: number, message: string, code: string | null = null, param: string | null = null): FakeReply => ({
  kind: "error",
  status,
  body: { error: { ...(apiErrorBody(message, "invalid_request_error", code) as { error: object }).error, param } },
});

/** Every item of a stored chain, oldest first. */
function chainItems(stored: Map<string, StoredResponse>, id: string | undefined): Item[] {
  const items: Item[] = [];
  for (let at = id ? stored.get(id) : undefined; at; at = at.previousId ? stored.get(at.previousId) : undefined) items.unshift(...at.items);
  return items;
}

const isCall = (item: Item) => item.type === "function_call" || item.type === "custom_tool_call";
const isOutput = (item: Item) => item.type === "function_call_output" || item.type === "custom_tool_call_output";

/**
 * Refuses what the real Responses API refuses, with its statuses and messages: a stored
 * response that is gone (`previous_response_not_found`), a call without its output, an output
 * without its call, a reasoning item without encrypted content under `store: false` (404), a
 * forged encrypted content, and `reasoning` for a model that does not reason.
 */
export function refusal(body: Record<string, unknown>, stored: Map<string, StoredResponse>): FakeReply | undefined {
  const previous = typeof body.previous_response_id === "string" ? body.previous_response_id : undefined;
  if (previous && !stored.has(previous)) return error(400, `Previous response with id '${previous}' not found.`, "previous_response_not_found", "previous_response_id");
  if (body.reasoning !== undefined && !modelFamily(String(body.model)).reasons) {
    return error(400, "Unsupported parameter: 'reasoning.effort' is not supported with this model.", "unsupported_parameter", "reasoning.effort");
  }
  const input = (Array.isArray(body.input) ? body.input : []) as Item[];
  for (const item of input) {
    if (item.type !== "reasoning") continue;
    if (!item.encrypted_content && body.store === false) {
      return error(404, `Item with id '${item.id}' not found. Items are not persisted when \`store\` is set to false. Try again with \`store\` set to true, or remove this item from your input.`, null, "input");
    }
    if (item.encrypted_content && item.encrypted_content !== encryptedReasoning(item.id ?? "")) {
      return error(400, `The encrypted content for item ${item.id} could not be verified.`, "invalid_encrypted_content", "input");
    }
  }
  const earlier = chainItems(stored, previous);
  const all = [...earlier, ...input];
  const answered = new Set(all.filter(isOutput).map((item) => item.call_id));
  const called = new Set(all.filter(isCall).map((item) => item.call_id));
  for (const item of all) {
    if (isCall(item) && !answered.has(item.call_id)) {
      return error(400, `No tool output found for ${item.type === "custom_tool_call" ? "custom tool" : "function"} call ${item.call_id}.`, null, "input");
    }
    if (isOutput(item) && !called.has(item.call_id)) {
      return error(400, `No tool call found for ${item.type === "custom_tool_call_output" ? "custom tool" : "function"} call output with call_id ${item.call_id}.`, null, "input");
    }
  }
  return undefined;
}

/**
 * A streamed event as the real API would send it for this request: reasoning items carry a
 * summary only when the request asked for one (`reasoning.summary`), and encrypted content only
 * when it asked for `reasoning.encrypted_content`; summary deltas are dropped when not asked for.
 */
export function adaptEvent(event: object, body: Record<string, unknown>): object | undefined {
  const summary = Boolean((body.reasoning as { summary?: unknown } | undefined)?.summary);
  const encrypted = Array.isArray(body.include) && body.include.includes("reasoning.encrypted_content");
  const type = (event as { type?: string }).type ?? "";
  if (!summary && type.startsWith("response.reasoning_summary")) return undefined;
  const adaptItem = (item: Item): Item => {
    if (item.type !== "reasoning") return item;
    const { encrypted_content: _drop, ...rest } = item;
    return { ...rest, ...(summary ? {} : { summary: [] }), ...(encrypted && item.id ? { encrypted_content: encryptedReasoning(item.id) } : {}) };
  };
  const withItem = event as { item?: Item; response?: { output?: Item[] } };
  if (withItem.item) return { ...event, item: adaptItem(withItem.item) };
  if (withItem.response?.output) return { ...event, response: { ...withItem.response, output: withItem.response.output.map(adaptItem) } };
  return event;
}
