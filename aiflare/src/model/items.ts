/**
 * The conversation items the agent sends and receives, in the Responses API's own shapes
 * (only the fields this project uses). Output items are turned back into input items with
 * `toInput` so a stateless request can carry the whole conversation.
 */

/** `commentary` (progress talk between tool calls) or the `final_answer`; resent as it came. */
export type MessagePhase = "commentary" | "final_answer";

/** A part of an input message: text (user) or what an assistant said / refused earlier. */
export interface InputContentPart {
  type: "input_text" | "output_text" | "refusal";
  text?: string;
  refusal?: string;
}

export interface MessageInput {
  type: "message";
  role: "user" | "assistant" | "system" | "developer";
  content: string | InputContentPart[];
  /** Assistant messages only: kept so the model sees its own labels again. */
  phase?: MessagePhase;
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

/** A call of a freeform (grammar) tool: `input` is the raw text the model wrote. */
export interface CustomToolCallItem {
  type: "custom_tool_call";
  call_id: string;
  name: string;
  input: string;
  id?: string;
}

export interface CustomToolCallOutput {
  type: "custom_tool_call_output";
  call_id: string;
  output: string;
}

/** Reasoning as sent back: only with its `encrypted_content` does it survive `store: false`. */
export interface ReasoningInput {
  type: "reasoning";
  id: string;
  summary: { type: "summary_text"; text: string }[];
  encrypted_content?: string;
}

/** What goes into a request's `input`. */
export type InputItem = MessageInput | FunctionCallItem | FunctionCallOutput | CustomToolCallItem | CustomToolCallOutput | ReasoningInput;

/** A call the model made, of either kind. */
export type CallItem = FunctionCallItem | CustomToolCallItem;

export interface OutputMessage {
  type: "message";
  id: string;
  role: "assistant";
  content: { type: string; text?: string; refusal?: string }[];
  phase?: MessagePhase;
}

export interface ReasoningItem {
  type: "reasoning";
  id: string;
  summary: { type: string; text: string }[];
  encrypted_content?: string;
}

/** What a response's `output` holds; other item types are passed through untouched. */
export type OutputItem = OutputMessage | FunctionCallItem | CustomToolCallItem | ReasoningItem | { type: "other"; raw: unknown };

/** The text of an output message (its `output_text` parts joined; a refusal's text when it refused). */
export function messageText(item: OutputMessage): string {
  const text = item.content.map((part) => (part.type === "output_text" ? (part.text ?? "") : "")).join("");
  return text || refusalText(item) || "";
}

/** The refusal of an output message, if it holds one. */
export function refusalText(item: OutputMessage): string | undefined {
  const parts = item.content.filter((part) => part.type === "refusal");
  return parts.length > 0 ? parts.map((part) => part.refusal ?? part.text ?? "").join("") : undefined;
}

/** Whether an item is a call that needs an output before the next request. */
export function isCall(item: InputItem | OutputItem): item is CallItem {
  return item.type === "function_call" || item.type === "custom_tool_call";
}

/** Whether an input item answers a call. */
export function isCallOutput(item: InputItem): item is FunctionCallOutput | CustomToolCallOutput {
  return item.type === "function_call_output" || item.type === "custom_tool_call_output";
}

/** The output item that answers `call` with `output`, in the call's own kind. */
export function outputFor(call: CallItem, output: string): FunctionCallOutput | CustomToolCallOutput {
  return call.type === "function_call"
    ? { type: "function_call_output", call_id: call.call_id, output }
    : { type: "custom_tool_call_output", call_id: call.call_id, output };
}

/**
 * An output item turned into an input item for the conversation history: ids dropped except
 * on reasoning (which needs its id and encrypted content to be sent back), `phase` and
 * refusals kept.
 */
export function toInput(item: OutputItem): InputItem | undefined {
  switch (item.type) {
    case "message": {
      const refusal = refusalText(item);
      const content: InputContentPart[] =
        refusal !== undefined && !item.content.some((part) => part.type === "output_text")
          ? [{ type: "refusal", refusal }]
          : [{ type: "output_text", text: messageText(item) }];
      return { type: "message", role: "assistant", content, ...(item.phase ? { phase: item.phase } : {}) };
    }
    case "function_call":
      return { type: "function_call", call_id: item.call_id, name: item.name, arguments: item.arguments };
    case "custom_tool_call":
      return { type: "custom_tool_call", call_id: item.call_id, name: item.name, input: item.input };
    case "reasoning":
      return {
        type: "reasoning",
        id: item.id,
        summary: item.summary.map((part) => ({ type: "summary_text", text: part.text })),
        ...(item.encrypted_content ? { encrypted_content: item.encrypted_content } : {}),
      };
    case "other":
      return undefined;
  }
}
