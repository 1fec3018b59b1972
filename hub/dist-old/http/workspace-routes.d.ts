import type { FastifyInstance } from "fastify";
import type { SessionStore } from "../store/session-store.js";
import type { WorkspaceRunnerFactory } from "../tools/workspace-runner.js";
/** `workspace/diff|tree|file`: answered by the session's worker (or the hub's local worker). */
export declare function registerWorkspaceRoutes(api: FastifyInstance, deps: {
    store: SessionStore;
    workspace: WorkspaceRunnerFactory;
}): void;
//# sourceMappingURL=workspace-routes.d.ts.map