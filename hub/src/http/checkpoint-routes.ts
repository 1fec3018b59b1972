import { ForkBody, RevertBody, TurnParams, type RevertResponse, type SessionResponse, type TurnDiffResponse } from "@aiflare/protocol";
import type { FastifyInstance } from "fastify";
import type { CheckpointActions } from "../checkpoints/checkpoint-actions.js";
import { NotFoundError } from "../errors.js";
import type { SessionStore } from "../store/session-store.js";
import { parseOrThrow } from "../validate.js";

/** Per-turn diff, revert and fork (ARCHITECTURE "Checkpoints, undo and fork"). */
export function registerCheckpointRoutes(api: FastifyInstance, deps: { store: SessionStore; checkpoints?: CheckpointActions }): void {
  const { store } = deps;
  const sessionOf = (params: unknown) => {
    const { id } = parseOrThrow(TurnParams.pick({ id: true }), params, "session id");
    const session = store.get(id);
    if (!session) throw new NotFoundError(`session ${id} not found`);
    return session;
  };
  const actions = () => {
    if (!deps.checkpoints) throw new NotFoundError("checkpoints are not enabled in this hub");
    return deps.checkpoints;
  };

  api.get("/sessions/:id/turns/:turnId/diff", async (request): Promise<TurnDiffResponse> => {
    const { turnId } = parseOrThrow(TurnParams, request.params, "turn");
    return actions().diff(sessionOf(request.params), turnId);
  });

  api.post("/sessions/:id/revert", async (request): Promise<RevertResponse> => {
    const session = sessionOf(request.params);
    const body = parseOrThrow(RevertBody, request.body, "revert");
    return actions().revert(session, body.turnId, body.force ?? false);
  });

  api.post("/sessions/:id/fork", async (request, reply): Promise<SessionResponse> => {
    const session = sessionOf(request.params);
    const body = parseOrThrow(ForkBody, request.body ?? {}, "fork");
    const fork = await actions().fork(session, body.turnId);
    void reply.code(201);
    return { session: fork };
  });
}
