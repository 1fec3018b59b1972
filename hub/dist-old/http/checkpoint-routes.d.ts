import type { FastifyInstance } from "fastify";
import type { CheckpointActions } from "../checkpoints/checkpoint-actions.js";
import type { SessionStore } from "../store/session-store.js";
/** Per-turn diff, revert and fork (ARCHITECTURE "Checkpoints, undo and fork"). */
export declare function registerCheckpointRoutes(api: FastifyInstance, deps: {
    store: SessionStore;
    checkpoints?: CheckpointActions;
}): void;
//# sourceMappingURL=checkpoint-routes.d.ts.map