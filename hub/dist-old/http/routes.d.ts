import { type HealthResponse } from "@aiflare/protocol";
import type { FastifyInstance } from "fastify";
import type { PromptIntake } from "../attachments/prompt-intake.js";
import type { AttachmentStore } from "../attachments/attachment-store.js";
import type { PushService } from "../push/push-service.js";
import type { CheckpointActions } from "../checkpoints/checkpoint-actions.js";
import type { ActiveSessionRegistry } from "../registry/active-sessions.js";
import type { WorkerConnection, WorkerRegistry } from "../registry/workers.js";
import type { TurnController } from "../runner/turn-controller.js";
import type { SessionStore } from "../store/session-store.js";
import type { SessionAdmin } from "../session-admin/session-admin.js";
import type { WorkspaceRunnerFactory } from "../tools/workspace-runner.js";
/** What the REST routes work with. */
export interface ApiDeps {
    store: SessionStore;
    workers: WorkerRegistry<WorkerConnection>;
    activeSessions: ActiveSessionRegistry;
    turns: TurnController;
    /** Model name for sessions created without one. */
    defaultModel: string;
    /** Prompt images (data dir), and the intake that stores them before a prompt is queued. */
    attachments: AttachmentStore;
    intake: PromptIntake;
    /** Web Push subscriptions and keys. */
    push: PushService;
    /** Largest request body; the prompt route's grows to fit images. */
    bodyLimit: number;
    /** What the backend adds to `/api/health` (cluster: node id, whether Redis and PostgreSQL answer). */
    health?: () => Promise<Partial<HealthResponse>>;
    /** Per-turn diff, revert and fork. */
    checkpoints?: CheckpointActions;
    /** Workspace requests, answered by each session's worker. */
    workspace: WorkspaceRunnerFactory;
    /** Rename, archive, search, delete, export. */
    sessionAdmin: SessionAdmin;
}
/** Every `/api` route of the ARCHITECTURE table. Bodies, params and queries are parsed here, once. */
export declare function registerApiRoutes(api: FastifyInstance, deps: ApiDeps): void;
//# sourceMappingURL=routes.d.ts.map