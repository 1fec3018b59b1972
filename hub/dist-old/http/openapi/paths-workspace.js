import { ExportQuery, SessionIdParams, SessionResponse, UpdateSessionBody, WorkspaceDiffResponse, WorkspaceFileQuery, WorkspaceFileResponse, WorkspaceTreeQuery, WorkspaceTreeResponse, } from "@aiflare/protocol";
import { z } from "zod";
import { errors, json, jsonBody } from "./spec-helpers.js";
const params = SessionIdParams;
/** Workspace and session management (ARCHITECTURE.md, "Workspace and session management"), and this document. */
export const workspacePaths = [
    {
        method: "get",
        path: "/api/sessions/{id}/workspace/diff",
        tags: ["workspace"],
        summary: "Every uncommitted change in the workdir (untracked files included), from the session's worker",
        request: { params },
        responses: { 200: json("changed files with unified diffs", WorkspaceDiffResponse), ...errors(400, 404, 409, 500, 504) },
    },
    {
        method: "get",
        path: "/api/sessions/{id}/workspace/tree",
        tags: ["workspace"],
        summary: "One folder of the workdir; paths outside it are refused (400)",
        request: { params, query: WorkspaceTreeQuery },
        responses: { 200: json("the folder's entries", WorkspaceTreeResponse), ...errors(400, 404, 409, 500, 504) },
    },
    {
        method: "get",
        path: "/api/sessions/{id}/workspace/file",
        tags: ["workspace"],
        summary: "A file of the workdir as text (1 MiB at most; binary files marked)",
        request: { params, query: WorkspaceFileQuery },
        responses: { 200: json("the file", WorkspaceFileResponse), ...errors(400, 404, 409, 500, 504) },
    },
    {
        method: "patch",
        path: "/api/sessions/{id}",
        tags: ["sessions"],
        summary: "Rename, archive or unarchive a session",
        request: { params, body: jsonBody(UpdateSessionBody) },
        responses: { 200: json("the updated session", SessionResponse), ...errors(400, 404, 413) },
    },
    {
        method: "delete",
        path: "/api/sessions/{id}",
        tags: ["sessions"],
        summary: "Cancel a running turn, then remove the session and its data",
        request: { params },
        responses: { 204: { description: "deleted" }, ...errors(400, 404) },
    },
    {
        method: "get",
        path: "/api/sessions/{id}/export",
        tags: ["sessions"],
        summary: "The transcript as Markdown, or every event as JSON lines",
        request: { params, query: ExportQuery },
        responses: {
            200: {
                description: "the export, as a download",
                content: { "text/markdown": { schema: z.string() }, "application/x-ndjson": { schema: z.string() } },
            },
            ...errors(400, 404),
        },
    },
    {
        method: "get",
        path: "/api/openapi.json",
        tags: ["hub"],
        summary: "This document",
        responses: { 200: json("the OpenAPI document", z.record(z.string(), z.unknown())), ...errors() },
    },
];
//# sourceMappingURL=paths-workspace.js.map