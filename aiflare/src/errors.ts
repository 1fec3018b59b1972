/** Base of the agent core's errors. */
export class AgentError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Why a model request failed, as far as retrying is concerned. */
export type ModelErrorKind = "rate_limit" | "server" | "connection" | "incomplete" | "invalid_request" | "auth" | "quota";

/** A model request that failed; `retryable` says whether trying again can help. */
export class ModelError extends AgentError {
  constructor(
    readonly kind: ModelErrorKind,
    message: string,
    readonly retryable: boolean,
    readonly options: { status?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
  }

  get status(): number | undefined {
    return this.options.status;
  }

  get retryAfterMs(): number | undefined {
    return this.options.retryAfterMs;
  }
}

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
