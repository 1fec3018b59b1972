import { AcceptedResponse, AttachmentParams, ForkBody, PushSubscriptionBody, PushUnsubscribeBody, RevertBody, RevertResponse, SessionIdParams, SessionResponse, TurnDiffResponse, TurnParams, VapidKeyResponse, } from "@aiflare/protocol";
import { z } from "zod";
import { errors, json, jsonBody } from "./spec-helpers.js";
const params = SessionIdParams;
/** Compaction, checkpoints (diff, revert, fork), attachments and Web Push (ARCHITECTURE.md's contract extensions). */
export const extensionPaths = [
    {
        method: "post",
        path: "/api/sessions/{id}/compact",
        tags: ["sessions"],
        summary: "Compact the session's model context, as its next queued job",
        request: { params },
        responses: { 202: json("queued", AcceptedResponse), ...errors(404) },
    },
    {
        method: "get",
        path: "/api/sessions/{id}/turns/{turnId}/diff",
        tags: ["checkpoints"],
        summary: "What one turn changed in the workdir, as unified diffs",
        request: { params: TurnParams },
        responses: { 200: json("the turn's changed files", TurnDiffResponse), ...errors(400, 404, 409, 500, 504) },
    },
    {
        method: "post",
        path: "/api/sessions/{id}/revert",
        tags: ["checkpoints"],
        summary: "Undo a turn and every later one: files and model context; 409 while a turn runs or when files changed since (unless force)",
        request: { params, body: jsonBody(RevertBody) },
        responses: { 200: json("the files that went back", RevertResponse), ...errors(400, 404, 409, 413, 500, 504) },
    },
    {
        method: "post",
        path: "/api/sessions/{id}/fork",
        tags: ["checkpoints"],
        summary: "A new session holding the timeline and model context up to and including a turn (all when absent)",
        request: { params, body: jsonBody(ForkBody) },
        responses: { 201: json("the new session", SessionResponse), ...errors(400, 404, 409, 413) },
    },
    {
        method: "get",
        path: "/api/sessions/{id}/attachments/{name}",
        tags: ["sessions"],
        summary: "An image sent with a prompt",
        request: { params: AttachmentParams },
        responses: {
            200: { description: "the image", content: { "image/*": { schema: z.string() } } },
            ...errors(400, 404),
        },
    },
    {
        method: "get",
        path: "/api/push/vapid-public-key",
        tags: ["push"],
        summary: "The hub's VAPID public key, for PushManager.subscribe",
        responses: { 200: json("the key", VapidKeyResponse), ...errors() },
    },
    {
        method: "post",
        path: "/api/push/subscriptions",
        tags: ["push"],
        summary: "Register a browser's push subscription",
        request: { body: jsonBody(PushSubscriptionBody) },
        responses: { 201: { description: "subscribed" }, ...errors(400, 413) },
    },
    {
        method: "delete",
        path: "/api/push/subscriptions",
        tags: ["push"],
        summary: "Drop a push subscription",
        request: { body: jsonBody(PushUnsubscribeBody) },
        responses: { 204: { description: "unsubscribed" }, ...errors(400) },
    },
];
//# sourceMappingURL=paths-extensions.js.map