import { ForkBody, RevertBody, TurnParams } from "@aiflare/protocol";
import { NotFoundError } from "../errors.js";
import { parseOrThrow } from "../validate.js";
/** Per-turn diff, revert and fork (ARCHITECTURE "Checkpoints, undo and fork"). */
export function registerCheckpointRoutes(api, deps) {
    const { store } = deps;
    const sessionOf = (params) => {
        const { id } = parseOrThrow(TurnParams.pick({ id: true }), params, "session id");
        const session = store.get(id);
        if (!session)
            throw new NotFoundError(`session ${id} not found`);
        return session;
    };
    const actions = () => {
        if (!deps.checkpoints)
            throw new NotFoundError("checkpoints are not enabled in this hub");
        return deps.checkpoints;
    };
    api.get("/sessions/:id/turns/:turnId/diff", async (request) => {
        const { turnId } = parseOrThrow(TurnParams, request.params, "turn");
        return actions().diff(sessionOf(request.params), turnId);
    });
    api.post("/sessions/:id/revert", async (request) => {
        const session = sessionOf(request.params);
        const body = parseOrThrow(RevertBody, request.body, "revert");
        return actions().revert(session, body.turnId, body.force ?? false);
    });
    api.post("/sessions/:id/fork", async (request, reply) => {
        const session = sessionOf(request.params);
        const body = parseOrThrow(ForkBody, request.body ?? {}, "fork");
        const fork = await actions().fork(session, body.turnId);
        void reply.code(201);
        return { session: fork };
    });
}
//# sourceMappingURL=checkpoint-routes.js.map