import type { InputItem } from "../model/items.js";

/** An image sent with a prompt: its type and its bytes in base64. */
export interface PromptImage {
  mediaType: string;
  data: string;
}

/**
 * The input item of a user's prompt (the one place user messages are built): plain text, or,
 * with images, an `input_text` part followed by one `input_image` part (a base64 data URL) each.
 */
export function userMessage(prompt: string, images: readonly PromptImage[] = []): InputItem {
  if (images.length === 0) return { type: "message", role: "user", content: prompt };
  return {
    type: "message",
    role: "user",
    content: [
      { type: "input_text", text: prompt },
      ...images.map((image) => ({ type: "input_image" as const, image_url: `data:${image.mediaType};base64,${image.data}`, detail: "auto" as const })),
    ],
  };
}
