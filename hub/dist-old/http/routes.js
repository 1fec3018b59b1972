import { ActiveSessionQuery, ApprovalBody, ApprovalParams, CreateSessionBody, HUB_VERSION, HistoryQuery, ListSessionsQuery, PutActiveSessionBody, SendMessageBody, SessionIdParams, } from "@aiflare/protocol";
import { checkPromptBodySize, promptBodyLimit, registerAttachmentRoutes } from "./attachment-routes.js";
import { registerPushRoutes } from "./push-routes.js";
import { NotFoundError } from "../errors.js";
import { parseOrThrow } from "../validate.js";
import { registerCompactRoute } from "./compact-route.js";
import { registerCheckpointRoutes } from "./checkpoint-routes.js";
import { registerOpenApiRoutes } from "./openapi-routes.js";
import { registerSessionAdminRoutes } from "./session-admin-routes.js";
import { registerWorkspaceRoutes } from "./workspace-routes.js";
/** Every `/api` route of the ARCHITECTURE table. Bodies, params and queries are parsed here, once. */
export function registerApiRoutes(api, deps) {
    const { store, workers, activeSessions, turns } = deps;
    registerCheckpointRoutes(api, deps);
    const sessionOf = (params) => {
        const { id } = parseOrThrow(SessionIdParams, params, "session id");
        const session = store.get(id);
        if (!session)
            throw new NotFoundError(`session ${id} not found`);
        return session;
    };
    api.get("/health", async () => ({ ...(await deps.health?.()), ok: true, version: HUB_VERSION }));
    api.get("/workers", () => ({ workers: workers.list() }));
    api.post("/sessions", async (request, reply) => {
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
    api.get("/sessions", (request) => {
        const { q, archived } = parseOrThrow(ListSessionsQuery, request.query, "query");
        return { sessions: deps.sessionAdmin.list({ ...(q !== undefined ? { q } : {}), archived: archived === "true" }) };
    });
    api.get("/sessions/:id", (request) => ({ session: sessionOf(request.params) }));
    api.post("/sessions/:id/messages", { bodyLimit: promptBodyLimit(deps.bodyLimit) }, async (request, reply) => {
        const session = sessionOf(request.params);
        checkPromptBodySize(request.body, deps.bodyLimit);
        const { text, images } = parseOrThrow(SendMessageBody, request.body, "message");
        await deps.intake.accept(session.id, text, images);
        void reply.code(202);
        return { accepted: true };
    });
    api.get("/sessions/:id/transcript", (request) => {
        const session = sessionOf(request.params);
        return { sessionId: session.id, messages: store.transcript(session.id) };
    });
    api.get("/sessions/:id/history", (request) => {
        const session = sessionOf(request.params);
        const { afterSeq } = parseOrThrow(HistoryQuery, request.query, "query");
        const { events, lastSeq } = store.eventsAfter(session.id, afterSeq ?? 0);
        return { sessionId: session.id, lastSeq, events };
    });
    api.post("/sessions/:id/cancel", (request) => {
        const session = sessionOf(request.params);
        return { canceled: turns.cancel(session.id) };
    });
    api.post("/sessions/:id/approvals/:callId", (request) => {
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
    api.get("/active-session", (request) => {
        const { context } = parseOrThrow(ActiveSessionQuery, request.query, "query");
        return { context, sessionId: activeSessions.get(context) };
    });
    api.put("/active-session", async (request) => {
        const body = parseOrThrow(PutActiveSessionBody, request.body, "active session");
        if (!store.has(body.sessionId))
            throw new NotFoundError(`session ${body.sessionId} not found`);
        await activeSessions.set(body.context, body.sessionId);
        return { context: body.context, sessionId: body.sessionId };
    });
    registerWorkspaceRoutes(api, deps);
    registerSessionAdminRoutes(api, deps);
    registerOpenApiRoutes(api);
}
//# sourceMappingURL=routes.js.map