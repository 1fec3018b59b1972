import type { AckError, SessionSummary, WorkspaceDiffResponse, WorkspaceFileResponse, WorkspaceTreeResponse } from "@aiflare/protocol";
import { HubError } from "../errors.js";
/** Answers the workspace routes for a session: on its worker, or in the hub (local mode). */
export interface WorkspaceRunner {
    diff(session: SessionSummary): Promise<WorkspaceDiffResponse>;
    tree(session: SessionSummary, path: string): Promise<WorkspaceTreeResponse>;
    file(session: SessionSummary, path: string): Promise<WorkspaceFileResponse>;
}
/** Picks the workspace runner by the session's worker, like ToolRunnerFactory does for tools. */
export declare class WorkspaceRunnerFactory {
    private readonly runners;
    constructor(runners: {
        cli: WorkspaceRunner;
        local?: WorkspaceRunner;
    });
    for(session: Pick<SessionSummary, "workerId">): WorkspaceRunner;
}
/** A worker's `{ok: false, error}` as the hub error with the right status (400 outside the workdir, 404, ...). */
export declare function hubErrorFromAck(ack: AckError): HubError;
//# sourceMappingURL=workspace-runner.d.ts.map