import type { InputItem } from "../model/items.js";

/** The input item of a user's prompt (the one place user messages are built, so attachments can join them). */
export function userMessage(prompt: string): InputItem {
  return { type: "message", role: "user", content: prompt };
}
