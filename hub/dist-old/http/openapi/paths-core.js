import { AcceptedResponse, ActiveSessionQuery, ActiveSessionResponse, ApprovalBody, ApprovalParams, ApprovalResponse, CancelResponse, CreateSessionBody, HealthResponse, HistoryQuery, HistoryResponse, ListSessionsQuery, PutActiveSessionBody, SendMessageBody, SessionIdParams, SessionResponse, SessionsResponse, TranscriptResponse, WorkersResponse, } from "@aiflare/protocol";
import { errors, json, jsonBody } from "./spec-helpers.js";
const params = SessionIdParams;
/** The routes of the base contract (ARCHITECTURE.md, REST table). */
export const corePaths = [
    { method: "get", path: "/api/health", tags: ["hub"], summary: "Liveness and version (no token needed)", security: [], responses: { 200: json("the hub is up", HealthResponse) } },
    { method: "get", path: "/api/workers", tags: ["workers"], summary: "Workers the hub knows, online and offline", responses: { 200: json("workers", WorkersResponse), ...errors() } },
    {
        method: "post",
        path: "/api/sessions",
        tags: ["sessions"],
        summary: "Create a session on a worker, in a workdir inside its roots",
        request: { body: jsonBody(CreateSessionBody) },
        responses: { 201: json("the new session", SessionResponse), ...errors(400, 409, 413) },
    },
    {
        method: "get",
        path: "/api/sessions",
        tags: ["sessions"],
        summary: "List sessions; `q` searches titles and message text, archived ones only with `archived=true`",
        request: { query: ListSessionsQuery },
        responses: { 200: json("sessions, oldest first", SessionsResponse), ...errors(400) },
    },
    { method: "get", path: "/api/sessions/{id}", tags: ["sessions"], summary: "One session", request: { params }, responses: { 200: json("the session", SessionResponse), ...errors(400, 404) } },
    {
        method: "post",
        path: "/api/sessions/{id}/messages",
        tags: ["sessions"],
        summary: "Queue a prompt (FIFO per session)",
        request: { params, body: jsonBody(SendMessageBody) },
        responses: { 202: json("queued", AcceptedResponse), ...errors(400, 404, 413) },
    },
    { method: "get", path: "/api/sessions/{id}/transcript", tags: ["sessions"], summary: "Every message, deltas folded in", request: { params }, responses: { 200: json("the transcript", TranscriptResponse), ...errors(400, 404) } },
    {
        method: "get",
        path: "/api/sessions/{id}/history",
        tags: ["sessions"],
        summary: "Timeline events after a seq",
        request: { params, query: HistoryQuery },
        responses: { 200: json("events after `afterSeq`", HistoryResponse), ...errors(400, 404) },
    },
    { method: "post", path: "/api/sessions/{id}/cancel", tags: ["sessions"], summary: "Stop the running turn and its tool calls", request: { params }, responses: { 200: json("whether a turn was running", CancelResponse), ...errors(400, 404) } },
    {
        method: "post",
        path: "/api/sessions/{id}/approvals/{callId}",
        tags: ["sessions"],
        summary: "Approve or deny a waiting tool call",
        request: { params: ApprovalParams, body: jsonBody(ApprovalBody) },
        responses: { 200: json("resolved", ApprovalResponse), ...errors(400, 404) },
    },
    {
        method: "get",
        path: "/api/active-session",
        tags: ["active session"],
        summary: "The session active in a context",
        request: { query: ActiveSessionQuery },
        responses: { 200: json("the context's session (null when none)", ActiveSessionResponse), ...errors(400) },
    },
    {
        method: "put",
        path: "/api/active-session",
        tags: ["active session"],
        summary: "Set the session active in a context",
        request: { body: jsonBody(PutActiveSessionBody) },
        responses: { 200: json("saved", ActiveSessionResponse), ...errors(400, 404) },
    },
];
//# sourceMappingURL=paths-core.js.map