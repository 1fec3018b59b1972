import { ExportQuery, SessionIdParams, UpdateSessionBody, type SessionResponse } from "@aiflare/protocol";
import type { FastifyInstance } from "fastify";
import { NotFoundError } from "../errors.js";
import type { SessionAdmin } from "../session-admin/session-admin.js";
import type { SessionStore } from "../store/session-store.js";
import { parseOrThrow } from "../validate.js";

/** PATCH / DELETE a session and export it (the listing with `q` and `archived` stays in routes.ts). */
export function registerSessionAdminRoutes(api: FastifyInstance, deps: { store: SessionStore; sessionAdmin: SessionAdmin }): void {
  const sessionOf = (params: unknown) => {
    const { id } = parseOrThrow(SessionIdParams, params, "session id");
    const session = deps.store.get(id);
    if (!session) throw new NotFoundError(`session ${id} not found`);
    return session;
  };

  api.patch("/sessions/:id", async (request): Promise<SessionResponse> => {
    const session = sessionOf(request.params);
    const body = parseOrThrow(UpdateSessionBody, request.body ?? {}, "session update");
    return { session: await deps.sessionAdmin.update(session.id, body) };
  });

  api.delete("/sessions/:id", async (request, reply) => {
    const session = sessionOf(request.params);
    await deps.sessionAdmin.delete(session.id);
    return reply.code(204).send();
  });

  api.get("/sessions/:id/export", async (request, reply) => {
    const session = sessionOf(request.params);
    const { format } = parseOrThrow(ExportQuery, request.query, "query");
    const file = await deps.sessionAdmin.export(session, format ?? "markdown");
    return reply.header("content-type", file.contentType).header("content-disposition", `attachment; filename="${file.filename}"`).send(file.body);
  });
}
