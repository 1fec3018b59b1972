import { workspaceOps, WorkspaceError } from "@aiflare/worker";
import { hubErrorFromAck } from "./workspace-runner.js";
/** Local mode: the same workspace operations as a worker's, run in the hub, confined to the built-in worker's roots. */
export class LocalWorkspaceRunner {
    options;
    constructor(options) {
        this.options = options;
    }
    diff(session) {
        return guard(workspaceOps.diff(session.workdir, this.options.roots, { id: session.id, checkpoints: this.options.checkpoints }));
    }
    tree(session, path) {
        return guard(workspaceOps.tree(session.workdir, this.options.roots, path));
    }
    file(session, path) {
        return guard(workspaceOps.file(session.workdir, this.options.roots, path));
    }
}
async function guard(work) {
    try {
        return await work;
    }
    catch (error) {
        if (error instanceof WorkspaceError)
            throw hubErrorFromAck({ ok: false, error: { code: error.code, message: error.message } });
        throw error;
    }
}
//# sourceMappingURL=local-workspace-runner.js.map