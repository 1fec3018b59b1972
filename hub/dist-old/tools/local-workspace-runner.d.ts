import type { SessionSummary, WorkspaceDiffResponse, WorkspaceFileResponse, WorkspaceTreeResponse } from "@aiflare/protocol";
import { type Checkpoints } from "@aiflare/worker";
import { type WorkspaceRunner } from "./workspace-runner.js";
/** Local mode: the same workspace operations as a worker's, run in the hub, confined to the built-in worker's roots. */
export declare class LocalWorkspaceRunner implements WorkspaceRunner {
    private readonly options;
    constructor(options: {
        roots: string[];
        checkpoints?: Checkpoints;
    });
    diff(session: SessionSummary): Promise<WorkspaceDiffResponse>;
    tree(session: SessionSummary, path: string): Promise<WorkspaceTreeResponse>;
    file(session: SessionSummary, path: string): Promise<WorkspaceFileResponse>;
}
//# sourceMappingURL=local-workspace-runner.d.ts.map