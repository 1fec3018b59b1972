import { isCall, isCallOutput, outputFor, type InputItem } from "../model/items.js";
import type { ConversationState } from "./conversation.js";

/**
 * Keeps a conversation one the API accepts. The API refuses a request whose input holds a
 * call without its output ("No tool output found for function call …") — after a crash
 * mid-tool every later prompt would fail — so every unanswered call gets `text` as its output,
 * at the front of `pending` (before any new prompt). Returns how many calls it answered.
 */
export function answerDanglingCalls(state: ConversationState, text: string): number {
  const answered = new Set<string>();
  for (const item of [...state.history, ...state.pending]) if (isCallOutput(item)) answered.add(item.call_id);
  const missing = [...state.history, ...state.pending].filter((item) => isCall(item) && !answered.has(item.call_id));
  const outputs = missing.flatMap((item) => (isCall(item) ? [outputFor(item, text)] : []));
  state.pending.unshift(...outputs);
  return outputs.length;
}

/**
 * The input of a full (stateless) request: outputs whose call is not in it are left out
 * (refused as "No tool call found"), and so are reasoning items without their encrypted
 * content (under `store: false` the server has no copy: 404 "Item with id 'rs_…' not found").
 */
export function fullInput(items: readonly InputItem[]): InputItem[] {
  const calls = new Set(items.flatMap((item) => (isCall(item) ? [item.call_id] : [])));
  return items.filter((item) => {
    if (isCallOutput(item)) return calls.has(item.call_id);
    if (item.type === "reasoning") return Boolean(item.encrypted_content);
    return true;
  });
}

/**
 * Repairs what a refused request names, so the same request can go again at once: a call
 * without output gets "aborted", an item the server does not know is dropped, an output
 * without its call is dropped. Returns false when the message names nothing it can fix.
 */
export function repairForError(state: ConversationState, message: string): boolean {
  if (/No tool output found/i.test(message)) return answerDanglingCalls(state, "aborted") > 0;
  const unknownItem = /Item with id '([^']+)' not found/i.exec(message)?.[1];
  if (unknownItem) return dropWhere(state, (item) => "id" in item && item.id === unknownItem);
  const orphan = /No tool call found for (?:function|custom tool) call output with call_id ([\w-]+)/i.exec(message)?.[1];
  if (orphan) return dropWhere(state, (item) => isCallOutput(item) && item.call_id === orphan);
  return false;
}

function dropWhere(state: ConversationState, predicate: (item: InputItem) => boolean): boolean {
  const before = state.history.length + state.pending.length;
  state.history = state.history.filter((item) => !predicate(item));
  state.pending = state.pending.filter((item) => !predicate(item));
  return state.history.length + state.pending.length < before;
}
