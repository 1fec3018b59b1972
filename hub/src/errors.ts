import type { ErrorCode, ErrorInfo, FieldIssue } from "@aiflare/protocol";

/** Base of every error the hub raises on purpose; carries its wire code and HTTP status. */
export class HubError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly status: number,
    readonly details?: FieldIssue[],
  ) {
    super(message);
    this.name = new.target.name;
  }

  /** The `{code, message, details?}` that crosses the wire. */
  toInfo(): ErrorInfo {
    return this.details ? { code: this.code, message: this.message, details: this.details } : { code: this.code, message: this.message };
  }
}

export class ValidationError extends HubError {
  constructor(message: string, details?: FieldIssue[]) { super("invalid_request", message, 400, details); }
}
export class UnauthorizedError extends HubError {
  constructor(message = "missing or invalid token") { super("unauthorized", message, 401); }
}
export class NotFoundError extends HubError {
  constructor(message: string) { super("not_found", message, 404); }
}
export class ConflictError extends HubError {
  constructor(message: string) { super("conflict", message, 409); }
}
export class WorkerUnavailableError extends HubError {
  constructor(message: string) { super("worker_unavailable", message, 409); }
}
export class PayloadTooLargeError extends HubError {
  constructor(message: string) { super("payload_too_large", message, 413); }
}

/** Converts anything thrown into a wire error; unknown throwables become `internal` without leaking details. */
export function toHubError(error: unknown): HubError {
  if (error instanceof HubError) return error;
  return new HubError("internal", "internal error", 500);
}
