import { HubError, NotFoundError, ValidationError } from "../errors.js";
import { LOCAL_WORKER_ID } from "./tool-runner.js";
/** Picks the workspace runner by the session's worker, like ToolRunnerFactory does for tools. */
export class WorkspaceRunnerFactory {
    runners;
    constructor(runners) {
        this.runners = runners;
    }
    for(session) {
        if (session.workerId === LOCAL_WORKER_ID && this.runners.local)
            return this.runners.local;
        return this.runners.cli;
    }
}
/** A worker's `{ok: false, error}` as the hub error with the right status (400 outside the workdir, 404, ...). */
export function hubErrorFromAck(ack) {
    const { code, message } = ack.error;
    if (code === "invalid_request")
        return new ValidationError(message, [{ path: "path", message }]);
    if (code === "not_found")
        return new NotFoundError(message);
    return new HubError(code === "timeout" ? "timeout" : "internal", message, code === "timeout" ? 504 : 500);
}
//# sourceMappingURL=workspace-runner.js.map