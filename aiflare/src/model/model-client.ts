import type { Usage } from "@aiflare/protocol";
import type { InputItem, OutputItem } from "./items.js";

/** A function tool as the model sees it. */
export interface FunctionToolSpec {
  type: "function";
  name: string;
  description: string;
  parameters: Record<string, unknown>;
  strict: boolean;
}

/** One request to the model. */
export interface ModelRequest {
  model: string;
  instructions: string;
  input: InputItem[];
  tools: FunctionToolSpec[];
  /** Server-stored conversation: the response this one continues. */
  previousResponseId?: string;
  /** Whether the server keeps the response (true for previous_response_id mode). */
  store: boolean;
}

/** Where a position in the response's output is, for streamed pieces. */
export interface ItemRef {
  outputIndex: number;
  itemId: string;
}

/** Told about a response while it streams. */
export interface StreamHandlers {
  onTextDelta(ref: ItemRef, delta: string): void;
  onReasoningDelta(ref: ItemRef, delta: string): void;
  onItemDone(ref: ItemRef, item: OutputItem): void;
}

/** A completed response. */
export interface ModelResponse {
  id: string;
  output: OutputItem[];
  usage?: Usage;
  /** Set when the model stopped early (max tokens, content filter). */
  incompleteReason?: string;
}

/**
 * What the agent loop needs of a model: stream one response. Rejects with a ModelError
 * (retryable or not) or, when `signal` fires, with the abort reason.
 */
export interface ModelClient {
  /** Shown to people (e.g. "demo (offline)"). */
  readonly label: string;
  stream(request: ModelRequest, handlers: StreamHandlers, signal: AbortSignal): Promise<ModelResponse>;
}
