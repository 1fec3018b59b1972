import type { AcceptedResponse, CreateSessionBody, ErrorBody, FieldIssue, RevertResponse, SessionResponse, SessionsResponse, TurnDiffResponse } from "@aiflare/protocol";

/** A REST failure with the hub's code and message. */
export class RestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: FieldIssue[],
  ) {
    super(message);
  }
}

/** One REST call with the token; failures become a RestError with the hub's code. */
export async function call<T>(token: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const data = (await response.json().catch(() => ({}))) as T | ErrorBody;
  if (!response.ok) {
    const error = (data as ErrorBody).error;
    throw new RestError(response.status, error?.code ?? "error", error?.message ?? `HTTP ${response.status}`, error?.details);
  }
  return data as T;
}

/** The REST calls the UI needs: creating and listing sessions (no socket event fits those). */
export const rest = {
  /** Every session, archived ones included (the sidebar shows those behind its toggle). */
  listSessions: (token: string) => call<SessionsResponse>(token, "GET", "/api/sessions?archived=true"),
  createSession: (token: string, body: CreateSessionBody) => call<SessionResponse>(token, "POST", "/api/sessions", body),
  compact: (token: string, sessionId: string) => call<AcceptedResponse>(token, "POST", `/api/sessions/${encodeURIComponent(sessionId)}/compact`),
  turnDiff: (token: string, sessionId: string, turnId: string) =>
    call<TurnDiffResponse>(token, "GET", `/api/sessions/${encodeURIComponent(sessionId)}/turns/${encodeURIComponent(turnId)}/diff`),
  revert: (token: string, sessionId: string, turnId: string, force: boolean) =>
    call<RevertResponse>(token, "POST", `/api/sessions/${encodeURIComponent(sessionId)}/revert`, { turnId, ...(force ? { force } : {}) }),
  fork: (token: string, sessionId: string, turnId: string) => call<SessionResponse>(token, "POST", `/api/sessions/${encodeURIComponent(sessionId)}/fork`, { turnId }),
};
