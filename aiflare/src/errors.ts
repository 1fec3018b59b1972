import type { Usage } from "@aiflare/protocol";

/** Base of the agent core's errors. */
export class AgentError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * Why a model request failed. `previous_response_lost`: the stored response a request
 * continues is gone (expired, or the organisation may not store responses), so the request
 * must be rebuilt from the hub's own history; `context_length`: the conversation no longer fits.
 */
export type ModelErrorKind =
  | "rate_limit"
  | "server"
  | "connection"
  | "incomplete"
  | "invalid_request"
  | "auth"
  | "quota"
  | "context_length"
  | "previous_response_lost";

/** Details of a failed model request. */
export interface ModelErrorDetails {
  status?: number;
  retryAfterMs?: number;
  /** The API's error code (`insufficient_quota`, `rate_limit_exceeded`, ...). */
  code?: string;
  /** What the failed response had already cost (a `response.failed` carries its usage). */
  usage?: Usage;
  cause?: unknown;
}

/** A model request that failed; `retryable` says whether trying again can help. */
export class ModelError extends AgentError {
  constructor(
    readonly kind: ModelErrorKind,
    message: string,
    readonly retryable: boolean,
    readonly options: ModelErrorDetails = {},
  ) {
    super(message, { cause: options.cause });
  }

  get status(): number | undefined {
    return this.options.status;
  }

  get retryAfterMs(): number | undefined {
    return this.options.retryAfterMs;
  }

  get code(): string | undefined {
    return this.options.code;
  }

  get usage(): Usage | undefined {
    return this.options.usage;
  }
}

/**
 * The conversation does not fit the model's context window (`context_length_exceeded`, from
 * an HTTP 400, a `response.failed` or a mid-stream `error` event). Thrown out of a turn as its
 * own class so a caller can compact the conversation and try again; the turn's new input is
 * kept in the conversation.
 */
export class ContextLengthExceededError extends AgentError {}

/** The turn was canceled (its AbortSignal fired). */
export class TurnCanceledError extends AgentError {
  constructor() {
    super("canceled");
  }
}

/**
 * A tool call could not run because the place it runs is gone (the worker vanished, went
 * offline, or stopped answering). Thrown by a ToolExecutor, it ends the turn as failed; the
 * call still gets its output (this message) in the conversation.
 */
export class ToolInfrastructureError extends AgentError {}
