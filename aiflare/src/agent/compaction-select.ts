import { isCall, isCallOutput, type InputItem } from "../model/items.js";

/**
 * The pure parts of compaction: cutting a conversation into pieces that must stay together,
 * choosing what fits a budget, and rendering items as text for the summary request. Sizes
 * are in characters of the items' JSON; the Compactor turns tokens into characters.
 */

/** Characters an item (or anything) takes in a request body. */
export function sizeOf(value: unknown): number {
  return JSON.stringify(value)?.length ?? 0;
}

/**
 * The conversation cut into groups that are kept or dropped whole: a message on its own;
 * a run of function calls with their outputs (a call is never separated from its output);
 * any other item (a reasoning item) goes with the group that follows it.
 */
export function groupsOf(items: readonly InputItem[]): InputItem[][] {
  const groups: InputItem[][] = [];
  let carried: InputItem[] = [];
  let current: InputItem[] | undefined;
  const isCallPart = (item: InputItem) => isCall(item) || isCallOutput(item);
  for (const item of items) {
    const kind = (item as { type: string }).type;
    if (kind === "message") {
      current = undefined;
      groups.push([...carried, item]);
      carried = [];
    } else if (isCallPart(item)) {
      if (current && carried.length === 0) current.push(item);
      else groups.push((current = [...carried, item]));
      carried = [];
    } else {
      current = undefined;
      carried.push(item);
    }
  }
  if (carried.length > 0) groups.push(carried);
  return groups;
}

/** The newest groups whose sizes add up to at most `budget` characters (none if the last does not fit). */
export function newestThatFit(groups: readonly InputItem[][], budget: number): InputItem[][] {
  const kept: InputItem[][] = [];
  let left = budget;
  for (let i = groups.length - 1; i >= 0; i--) {
    const group = groups[i] ?? [];
    const size = sizeOf(group);
    if (size > left) break;
    kept.unshift(group);
    left -= size;
  }
  return kept;
}

/** The text of a message item. */
export function messageTextOf(item: InputItem): string {
  if (item.type !== "message") return "";
  return typeof item.content === "string" ? item.content : item.content.map((part) => ("text" in part ? (part.text ?? "") : "[image]")).join("");
}

/** Keeps the head and the tail of long text, saying how much was left out. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const half = Math.max(0, Math.floor((max - 40) / 2));
  return `${text.slice(0, half)}\n[... ${text.length - 2 * half} characters left out ...]\n${text.slice(text.length - half)}`;
}

/** A plain message for the summary request: calls and outputs become text, so nothing there needs a partner. */
export interface TextMessage {
  type: "message";
  role: "user" | "assistant";
  content: string;
}

/** One item as text for the summary request (undefined for items that carry no text, like reasoning). */
export function renderForSummary(item: InputItem, maxChars: number): TextMessage | undefined {
  switch (item.type) {
    case "message": {
      const text = messageTextOf(item);
      return { type: "message", role: item.role === "assistant" ? "assistant" : "user", content: clip(text, maxChars) };
    }
    case "function_call":
      return { type: "message", role: "assistant", content: clip(`[called the ${item.name} tool (${item.call_id}) with ${item.arguments}]`, maxChars) };
    case "custom_tool_call":
      return { type: "message", role: "assistant", content: clip(`[called the ${item.name} tool (${item.call_id}) with]\n${item.input}`, maxChars) };
    case "function_call_output":
    case "custom_tool_call_output":
      return { type: "message", role: "user", content: clip(`[output of tool call ${item.call_id}]\n${item.output}`, maxChars) };
    default:
      return undefined;
  }
}

/**
 * What the summary request shows of the conversation, within `budget` characters: the first
 * user message always, then the newest items that fit; the oldest give way first, with a
 * note saying how many.
 */
export function selectForSummary(items: readonly InputItem[], budget: number): TextMessage[] {
  const perItem = Math.max(400, Math.floor(budget / 6));
  const rendered = items.map((item) => renderForSummary(item, perItem)).filter((message): message is TextMessage => message !== undefined);
  const firstUser = rendered.findIndex((message) => message.role === "user");
  const first = firstUser >= 0 ? rendered[firstUser] : undefined;
  let left = budget - (first ? sizeOf(first) : 0);
  if (first && left < 0) first.content = clip(first.content, Math.max(200, budget / 2));
  const kept: TextMessage[] = [];
  for (let i = rendered.length - 1; i > firstUser; i--) {
    const message = rendered[i];
    if (!message) continue;
    const size = sizeOf(message);
    if (size > left) break;
    kept.unshift(message);
    left -= size;
  }
  const omitted = rendered.length - kept.length - (first ? 1 : 0);
  const note: TextMessage[] = omitted > 0 ? [{ type: "message", role: "user", content: `[... ${omitted} earlier items left out: they did not fit ...]` }] : [];
  return [...(first ? [first] : []), ...note, ...kept];
}

/** The plan the last `update_plan` call set, as a checklist ("" when there is none). */
export function currentPlan(items: readonly InputItem[]): string {
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    if (item?.type !== "function_call" || item.name !== "update_plan") continue;
    try {
      const args = JSON.parse(item.arguments) as { plan?: { step?: unknown; status?: unknown }[] };
      return (args.plan ?? []).map((step) => `- [${String(step.status)}] ${String(step.step)}`).join("\n");
    } catch {
      return "";
    }
  }
  return "";
}
