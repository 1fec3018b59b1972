import { SessionIdParams } from "@aiflare/protocol";
import { ConflictError, NotFoundError } from "../errors.js";
import { parseOrThrow } from "../validate.js";
/**
 * `POST /api/sessions/:id/compact` → `202 {accepted: true}`: the model's context is compacted
 * as the session's next queued job (after whatever is queued); a `compaction` event records it.
 */
export function registerCompactRoute(api, deps) {
    api.post("/sessions/:id/compact", (request, reply) => {
        const { id } = parseOrThrow(SessionIdParams, request.params, "session id");
        if (!deps.store.has(id))
            throw new NotFoundError(`session ${id} not found`);
        if (!deps.turns.compact)
            throw new ConflictError("this hub cannot compact sessions");
        void deps.turns.compact(id);
        void reply.code(202);
        return { accepted: true };
    });
}
//# sourceMappingURL=compact-route.js.map