import type { ReasoningEffort, Usage } from "@aiflare/protocol";
import type { InputItem, OutputItem } from "./items.js";

/** A function tool as the model sees it (JSON arguments). */
export interface FunctionToolSpec {
  type: "function";
  name: string;
  description: string;
  parameters: Record<string, unknown>;
  strict: boolean;
}

/** A freeform tool: the model writes raw text constrained by a grammar (apply_patch for gpt-5.1+). */
export interface CustomToolSpec {
  type: "custom";
  name: string;
  description: string;
  format: { type: "grammar"; syntax: "lark" | "regex"; definition: string };
}

/** Any tool a request offers. */
export type ToolSpec = FunctionToolSpec | CustomToolSpec;

/** One request to the model. */
export interface ModelRequest {
  model: string;
  instructions: string;
  input: InputItem[];
  tools: ToolSpec[];
  /** Server-stored conversation: the response this one continues. */
  previousResponseId?: string;
  /** Whether the server keeps the response (true for previous_response_id mode). */
  store: boolean;
  /** Only for reasoning models: effort and the summary that makes the reasoning visible. */
  reasoning?: { effort?: ReasoningEffort; summary: "auto" };
  /** e.g. `reasoning.encrypted_content`, so reasoning can be sent back under `store: false`. */
  include?: string[];
  /** Groups requests of one conversation for the prompt cache. */
  promptCacheKey?: string;
  parallelToolCalls?: boolean;
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
  /** A call's arguments (function JSON or a custom tool's raw input) as the model writes them. */
  onCallDelta?(ref: ItemRef, call: { name: string; callId: string; kind: "function" | "custom" }, delta: string): void;
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
