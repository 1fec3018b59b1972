import { SessionIdParams, WorkspaceFileQuery, WorkspaceTreeQuery, } from "@aiflare/protocol";
import { NotFoundError } from "../errors.js";
import { parseOrThrow } from "../validate.js";
/** `workspace/diff|tree|file`: answered by the session's worker (or the hub's local worker). */
export function registerWorkspaceRoutes(api, deps) {
    const sessionOf = (params) => {
        const { id } = parseOrThrow(SessionIdParams, params, "session id");
        const session = deps.store.get(id);
        if (!session)
            throw new NotFoundError(`session ${id} not found`);
        return session;
    };
    api.get("/sessions/:id/workspace/diff", (request) => {
        const session = sessionOf(request.params);
        return deps.workspace.for(session).diff(session);
    });
    api.get("/sessions/:id/workspace/tree", (request) => {
        const session = sessionOf(request.params);
        const { path } = parseOrThrow(WorkspaceTreeQuery, request.query, "query");
        return deps.workspace.for(session).tree(session, path ?? "");
    });
    api.get("/sessions/:id/workspace/file", (request) => {
        const session = sessionOf(request.params);
        const { path } = parseOrThrow(WorkspaceFileQuery, request.query, "query");
        return deps.workspace.for(session).file(session, path);
    });
}
//# sourceMappingURL=workspace-routes.js.map