import {
  SessionIdParams,
  WorkspaceFileQuery,
  WorkspaceTreeQuery,
  type WorkspaceDiffResponse,
  type WorkspaceFileResponse,
  type WorkspaceTreeResponse,
} from "@aiflare/protocol";
import type { FastifyInstance } from "fastify";
import { NotFoundError } from "../errors.js";
import type { SessionStore } from "../store/session-store.js";
import type { WorkspaceRunnerFactory } from "../tools/workspace-runner.js";
import { parseOrThrow } from "../validate.js";

/** `workspace/diff|tree|file`: answered by the session's worker (or the hub's local worker). */
export function registerWorkspaceRoutes(api: FastifyInstance, deps: { store: SessionStore; workspace: WorkspaceRunnerFactory }): void {
  const sessionOf = (params: unknown) => {
    const { id } = parseOrThrow(SessionIdParams, params, "session id");
    const session = deps.store.get(id);
    if (!session) throw new NotFoundError(`session ${id} not found`);
    return session;
  };

  api.get("/sessions/:id/workspace/diff", (request): Promise<WorkspaceDiffResponse> => {
    const session = sessionOf(request.params);
    return deps.workspace.for(session).diff(session);
  });

  api.get("/sessions/:id/workspace/tree", (request): Promise<WorkspaceTreeResponse> => {
    const session = sessionOf(request.params);
    const { path } = parseOrThrow(WorkspaceTreeQuery, request.query, "query");
    return deps.workspace.for(session).tree(session, path ?? "");
  });

  api.get("/sessions/:id/workspace/file", (request): Promise<WorkspaceFileResponse> => {
    const session = sessionOf(request.params);
    const { path } = parseOrThrow(WorkspaceFileQuery, request.query, "query");
    return deps.workspace.for(session).file(session, path);
  });
}
