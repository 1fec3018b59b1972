import {
  ActiveSessionQuery,
  ApprovalBody,
  ApprovalParams,
  CreateSessionBody,
  HUB_VERSION,
  HistoryQuery,
  ListSessionsQuery,
  PutActiveSessionBody,
  SendMessageBody,
  SessionIdParams,
  type ActiveSessionResponse,
  type ApprovalResponse,
  type CancelResponse,
  type HealthResponse,
  type HistoryResponse,
  type SessionResponse,
  type SessionsResponse,
  type TranscriptResponse,
  type WorkersResponse,
} from "@aiflare/protocol";
import type { FastifyInstance } from "fastify";
import type { PromptIntake } from "../attachments/prompt-intake.js";
import type { AttachmentStore } from "../attachments/attachment-store.js";
import type { PushService } from "../push/push-service.js";
import { checkPromptBodySize, promptBodyLimit, registerAttachmentRoutes } from "./attachment-routes.js";
import { registerPushRoutes } from "./push-routes.js";
import type { CheckpointActions } from "../checkpoints/checkpoint-actions.js";
import { NotFoundError } from "../errors.js";
import type { ActiveSessionRegistry } from "../registry/active-sessions.js";
import type { WorkerConnection, WorkerRegistry } from "../registry/workers.js";
import type { TurnController } from "../runner/turn-controller.js";
import type { SessionStore } from "../store/session-store.js";
import { parseOrThrow } from "../validate.js";
import { registerCompactRoute } from "./compact-route.js";
import { registerCheckpointRoutes } from "./checkpoint-routes.js";
import type { SessionAdmin } from "../session-admin/session-admin.js";
import type { WorkspaceRunnerFactory } from "../tools/workspace-runner.js";
import { registerOpenApiRoutes } from "./openapi-routes.js";
import { registerSessionAdminRoutes } from "./session-admin-routes.js";
import { registerWorkspaceRoutes } from "./workspace-routes.js";

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
export function registerApiRoutes(api: FastifyInstance, deps: ApiDeps): void {
  const { store, workers, activeSessions, turns } = deps;
  registerCheckpointRoutes(api, deps);

  const sessionOf = (params: unknown) => {
    const { id } = parseOrThrow(SessionIdParams, params, "session id");
    const session = store.get(id);
    if (!session) throw new NotFoundError(`session ${id} not found`);
    return session;
  };

  api.get("/health", async (): Promise<HealthResponse> => ({ ...(await deps.health?.()), ok: true, version: HUB_VERSION }));

  api.get("/workers", (): WorkersResponse => ({ workers: workers.list() }));

  api.post("/sessions", async (request, reply): Promise<SessionResponse> => {
    const body = parseOrThrow(CreateSessionBody, request.body, "session");
    const workdir = workers.checkWorkdir(body.workerId, body.workdir);
    const session = await store.create({
      workerId: body.workerId,
      workdir,
      model: body.model ?? deps.defaultModel,
      title: body.title ?? "",
      approvalPolicy: body.approvalPolicy ?? "full-auto",
      ...(body.reasoningEffort ? { reasoningEffort: body.reasoningEffort } : {}),
    });
    void reply.code(201);
    return { session };
  });

  api.get("/sessions", (request): SessionsResponse => {
    const { q, archived } = parseOrThrow(ListSessionsQuery, request.query, "query");
    return { sessions: deps.sessionAdmin.list({ ...(q !== undefined ? { q } : {}), archived: archived === "true" }) };
  });

  api.get("/sessions/:id", (request): SessionResponse => ({ session: sessionOf(request.params) }));

  api.post("/sessions/:id/messages", { bodyLimit: promptBodyLimit(deps.bodyLimit) }, async (request, reply) => {
    const session = sessionOf(request.params);
    checkPromptBodySize(request.body, deps.bodyLimit);
    const { text, images } = parseOrThrow(SendMessageBody, request.body, "message");
    await deps.intake.accept(session.id, text, images);
    void reply.code(202);
    return { accepted: true as const };
  });

  api.get("/sessions/:id/transcript", (request): TranscriptResponse => {
    const session = sessionOf(request.params);
    return { sessionId: session.id, messages: store.transcript(session.id) };
  });

  api.get("/sessions/:id/history", async (request): Promise<HistoryResponse> => {
    const session = sessionOf(request.params);
    const { afterSeq } = parseOrThrow(HistoryQuery, request.query, "query");
    const { events, lastSeq } = await store.catchUp(session.id, afterSeq ?? 0);
    return { sessionId: session.id, lastSeq, events };
  });

  api.post("/sessions/:id/cancel", (request): CancelResponse => {
    const session = sessionOf(request.params);
    return { canceled: turns.cancel(session.id) };
  });

  api.post("/sessions/:id/approvals/:callId", (request): ApprovalResponse => {
    const { callId } = parseOrThrow(ApprovalParams, request.params, "approval");
    const session = sessionOf(request.params);
    const { decision } = parseOrThrow(ApprovalBody, request.body, "approval");
    if (!turns.respondApproval(session.id, callId, decision)) {
      throw new NotFoundError(`no pending approval ${callId} in session ${session.id}`);
    }
    return { resolved: true };
  });

  registerCompactRoute(api, deps);
  registerAttachmentRoutes(api, deps);
  registerPushRoutes(api, deps.push);

  api.get("/active-session", (request): ActiveSessionResponse => {
    const { context } = parseOrThrow(ActiveSessionQuery, request.query, "query");
    return { context, sessionId: activeSessions.get(context) };
  });

  api.put("/active-session", async (request): Promise<ActiveSessionResponse> => {
    const body = parseOrThrow(PutActiveSessionBody, request.body, "active session");
    if (!store.has(body.sessionId)) throw new NotFoundError(`session ${body.sessionId} not found`);
    await activeSessions.set(body.context, body.sessionId);
    return { context: body.context, sessionId: body.sessionId };
  });

  registerWorkspaceRoutes(api, deps);
  registerSessionAdminRoutes(api, deps);
  registerOpenApiRoutes(api);
}
