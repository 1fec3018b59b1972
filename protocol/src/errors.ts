import { z } from "zod";

/** The closed set of error codes that cross the wire (REST bodies and socket acks). */
export const ErrorCode = z.enum([
  "invalid_request",
  "unauthorized",
  "forbidden",
  "not_found",
  "conflict",
  "payload_too_large",
  "rate_limited",
  "unknown_event",
  "protocol_mismatch",
  "worker_unavailable",
  "timeout",
  "canceled",
  "internal",
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** One validation problem: where (dotted field path) and what. */
export const FieldIssue = z.object({
  path: z.string(),
  message: z.string(),
});
export type FieldIssue = z.infer<typeof FieldIssue>;

/** What a failure looks like on the wire. */
export const ErrorInfo = z.object({
  code: ErrorCode,
  message: z.string(),
  details: z.array(FieldIssue).optional(),
});
export type ErrorInfo = z.infer<typeof ErrorInfo>;

/** REST error body: `{error: {code, message, details?}}`. */
export const ErrorBody = z.object({ error: ErrorInfo });
export type ErrorBody = z.infer<typeof ErrorBody>;

/** A failed socket ack: `{ok: false, error}`. */
export const AckError = z.object({ ok: z.literal(false), error: ErrorInfo });
export type AckError = z.infer<typeof AckError>;

/** A zod error as one line: `path: message; path: message` (for tool and handshake errors). */
export function summarizeIssues(error: z.ZodError): string {
  return issuesOf(error)
    .map((issue) => `${issue.path}: ${issue.message}`)
    .join("; ");
}

/** Turns a zod error into field issues with dotted paths (`plan.0.step`, `(root)` for the value itself). */
export function issuesOf(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.length === 0 ? "(root)" : issue.path.map(String).join("."),
    message: issue.message,
  }));
}
