import { WorkspaceDiffRequest, WorkspacePathRequest, summarizeIssues, type AckError } from "@aiflare/protocol";
import type { z } from "zod";
import type { Checkpoints } from "../checkpoints/checkpoints.js";
import type { WorkerSocket } from "../worker-client.js";
import { WorkspaceError } from "./workspace-error.js";
import { workspaceOps } from "./workspace-ops.js";

/** A failure as the hub expects it in an ack. */
export function workspaceErrorAck(error: unknown): AckError {
  if (error instanceof WorkspaceError) return { ok: false, error: { code: error.code, message: error.message } };
  return { ok: false, error: { code: "internal", message: error instanceof Error ? error.message : String(error) } };
}

function answer<S extends z.ZodType, R>(schema: S, run: (request: z.infer<S>) => Promise<R>) {
  return (payload: unknown, ack: (res: ({ ok: true } & R) | AckError) => void) => {
    if (typeof ack !== "function") return;
    const parsed = schema.safeParse(payload);
    if (!parsed.success) return ack({ ok: false, error: { code: "invalid_request", message: summarizeIssues(parsed.error) } });
    run(parsed.data).then(
      (result) => ack({ ok: true, ...result }),
      (error: unknown) => ack(workspaceErrorAck(error)),
    );
  };
}

/** Answers the hub's `workspace:diff|tree|file` requests, confined to the roots and the session's workdir. */
export function attachWorkspaceHandlers(socket: WorkerSocket, roots: readonly string[], checkpoints?: Checkpoints): void {
  socket.on("workspace:diff", answer(WorkspaceDiffRequest, (request) => workspaceOps.diff(request.workdir, roots, { id: request.sessionId, checkpoints })));
  socket.on("workspace:tree", answer(WorkspacePathRequest, (request) => workspaceOps.tree(request.workdir, roots, request.path)));
  socket.on("workspace:file", answer(WorkspacePathRequest, (request) => workspaceOps.file(request.workdir, roots, request.path)));
}
