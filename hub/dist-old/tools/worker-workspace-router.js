import { WorkspaceDiffResponse, WorkspaceFileResponse, WorkspaceTreeResponse, } from "@aiflare/protocol";
import { HubError, WorkerUnavailableError } from "../errors.js";
import { hubErrorFromAck } from "./workspace-runner.js";
/** How long the hub waits for a worker's workspace answer (a big repository's diff takes a while). */
const WORKSPACE_TIMEOUT_MS = 30_000;
/** cli mode: asks the session's worker over its socket (`workspace:*` answered by ack). */
export class WorkerWorkspaceRouter {
    options;
    constructor(options) {
        this.options = options;
    }
    diff(session) {
        return this.ask(session, "workspace:diff", { sessionId: session.id, workdir: session.workdir }, WorkspaceDiffResponse);
    }
    tree(session, path) {
        return this.ask(session, "workspace:tree", { sessionId: session.id, workdir: session.workdir, path }, WorkspaceTreeResponse);
    }
    file(session, path) {
        return this.ask(session, "workspace:file", { sessionId: session.id, workdir: session.workdir, path }, WorkspaceFileResponse);
    }
    async ask(session, event, payload, schema) {
        const socket = this.options.workers.connectionOf(session.workerId);
        if (!socket?.connected)
            throw new WorkerUnavailableError(`worker ${this.options.workers.get(session.workerId)?.name ?? session.workerId} is offline`);
        // socket.io's timeout() typing loses the ack type; the event map in protocol/ states it.
        const emitter = socket.timeout(this.options.timeoutMs ?? WORKSPACE_TIMEOUT_MS);
        let raw;
        try {
            raw = await emitter.emitWithAck(event, payload);
        }
        catch {
            if (!socket.connected)
                throw new WorkerUnavailableError("the worker disconnected before it answered");
            throw new HubError("timeout", `the worker did not answer ${event} in time`, 504);
        }
        const ack = raw;
        if (ack.ok === false)
            throw hubErrorFromAck(raw);
        const { ok: _ok, ...rest } = raw;
        const parsed = schema.safeParse(rest);
        if (!parsed.success)
            throw new HubError("internal", `the worker sent a malformed ${event} answer`, 502);
        return parsed.data;
    }
}
//# sourceMappingURL=worker-workspace-router.js.map