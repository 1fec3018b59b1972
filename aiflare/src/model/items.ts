/**
 * The conversation items the agent sends and receives, in the Responses API's own shapes
 * (only the fields this project uses). Output items can be sent back as input as they are.
 */

/** An image part of a user message: a data URL (or https URL) the model looks at. */
export interface InputImagePart {
  type: "input_image";
  image_url: string;
  detail: "auto" | "low" | "high";
}

export interface MessageInput {
  type: "message";
  role: "user" | "assistant" | "system" | "developer";
  content: string | ({ type: "input_text" | "output_text"; text: string } | InputImagePart)[];
}

export interface FunctionCallItem {
  type: "function_call";
  call_id: string;
  name: string;
  /** JSON text, as the model wrote it. */
  arguments: string;
  id?: string;
}

export interface FunctionCallOutput {
  type: "function_call_output";
  call_id: string;
  output: string;
}

/** What goes into a request's `input`. */
export type InputItem = MessageInput | FunctionCallItem | FunctionCallOutput;

export interface OutputMessage {
  type: "message";
  id: string;
  role: "assistant";
  content: { type: string; text?: string }[];
}

export interface ReasoningItem {
  type: "reasoning";
  id: string;
  summary: { type: string; text: string }[];
}

/** What a response's `output` holds; other item types are passed through untouched. */
export type OutputItem = OutputMessage | FunctionCallItem | ReasoningItem | { type: "other"; raw: unknown };

/** The text of an output message (its `output_text` parts joined). */
export function messageText(item: OutputMessage): string {
  return item.content.map((part) => (part.type === "output_text" ? (part.text ?? "") : "")).join("");
}

/** An output item turned into an input item for a stateless conversation (ids dropped; reasoning skipped). */
export function toInput(item: OutputItem): InputItem | undefined {
  switch (item.type) {
    case "message":
      return { type: "message", role: "assistant", content: [{ type: "output_text", text: messageText(item) }] };
    case "function_call":
      return { type: "function_call", call_id: item.call_id, name: item.name, arguments: item.arguments };
    case "reasoning":
    case "other":
      return undefined;
  }
}
