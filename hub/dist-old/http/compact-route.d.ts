import type { FastifyInstance } from "fastify";
import type { SessionStore } from "../store/session-store.js";
import type { TurnController } from "../runner/turn-controller.js";
/**
 * `POST /api/sessions/:id/compact` → `202 {accepted: true}`: the model's context is compacted
 * as the session's next queued job (after whatever is queued); a `compaction` event records it.
 */
export declare function registerCompactRoute(api: FastifyInstance, deps: {
    store: SessionStore;
    turns: TurnController;
}): void;
//# sourceMappingURL=compact-route.d.ts.map