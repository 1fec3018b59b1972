import type { AckError, SessionSummary, WorkspaceDiffResponse, WorkspaceFileResponse, WorkspaceTreeResponse } from "@aiflare/protocol";
import { HubError, NotFoundError, ValidationError } from "../errors.js";
import { LOCAL_WORKER_ID } from "./tool-runner.js";

/** Answers the workspace routes for a session: on its worker, or in the hub (local mode). */
export interface WorkspaceRunner {
  diff(session: SessionSummary): Promise<WorkspaceDiffResponse>;
  tree(session: SessionSummary, path: string): Promise<WorkspaceTreeResponse>;
  file(session: SessionSummary, path: string): Promise<WorkspaceFileResponse>;
}

/** Picks the workspace runner by the session's worker, like ToolRunnerFactory does for tools. */
export class WorkspaceRunnerFactory {
  constructor(private readonly runners: { cli: WorkspaceRunner; local?: WorkspaceRunner }) {}

  for(session: Pick<SessionSummary, "workerId">): WorkspaceRunner {
    if (session.workerId === LOCAL_WORKER_ID && this.runners.local) return this.runners.local;
    return this.runners.cli;
  }
}

/** A worker's `{ok: false, error}` as the hub error with the right status (400 outside the workdir, 404, ...). */
export function hubErrorFromAck(ack: AckError): HubError {
  const { code, message } = ack.error;
  if (code === "invalid_request") return new ValidationError(message, [{ path: "path", message }]);
  if (code === "not_found") return new NotFoundError(message);
  return new HubError(code === "timeout" ? "timeout" : "internal", message, code === "timeout" ? 504 : 500);
}
