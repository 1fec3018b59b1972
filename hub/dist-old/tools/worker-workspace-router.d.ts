import { WorkspaceDiffResponse, WorkspaceFileResponse, WorkspaceTreeResponse, type SessionSummary } from "@aiflare/protocol";
import type { WorkerRegistry } from "../registry/workers.js";
import type { WorkerSocket } from "../socket/worker-namespace.js";
import { type WorkspaceRunner } from "./workspace-runner.js";
/** cli mode: asks the session's worker over its socket (`workspace:*` answered by ack). */
export declare class WorkerWorkspaceRouter implements WorkspaceRunner {
    private readonly options;
    constructor(options: {
        workers: WorkerRegistry<WorkerSocket>;
        timeoutMs?: number;
    });
    diff(session: SessionSummary): Promise<WorkspaceDiffResponse>;
    tree(session: SessionSummary, path: string): Promise<WorkspaceTreeResponse>;
    file(session: SessionSummary, path: string): Promise<WorkspaceFileResponse>;
    private ask;
}
//# sourceMappingURL=worker-workspace-router.d.ts.map