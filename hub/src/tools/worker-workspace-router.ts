import {
  WorkspaceDiffResponse,
  WorkspaceFileResponse,
  WorkspaceTreeResponse,
  type AckError,
  type SessionSummary,
} from "@aiflare/protocol";
import type { z } from "zod";
import { HubError, WorkerUnavailableError } from "../errors.js";
import type { WorkerRegistry } from "../registry/workers.js";
import type { WorkerSocket } from "../socket/worker-namespace.js";
import { WorkerGoneError, workerLinkOf, type RemoteWorkerLinks } from "./worker-tool-router.js";
import { hubErrorFromAck, type WorkspaceRunner } from "./workspace-runner.js";

/** How long the hub waits for a worker's workspace answer (a big repository's diff takes a while). */
const WORKSPACE_TIMEOUT_MS = 30_000;

/**
 * cli mode: asks the session's worker (`workspace:*` answered by ack), over its socket on this
 * node or, in a cluster, on whichever node it is connected to (`remote`, through the Redis adapter).
 */
export class WorkerWorkspaceRouter implements WorkspaceRunner {
  constructor(private readonly options: { workers: WorkerRegistry<WorkerSocket>; remote?: RemoteWorkerLinks; timeoutMs?: number }) {}

  diff(session: SessionSummary): Promise<WorkspaceDiffResponse> {
    return this.ask(session, "workspace:diff", { sessionId: session.id, workdir: session.workdir }, WorkspaceDiffResponse);
  }

  tree(session: SessionSummary, path: string): Promise<WorkspaceTreeResponse> {
    return this.ask(session, "workspace:tree", { sessionId: session.id, workdir: session.workdir, path }, WorkspaceTreeResponse);
  }

  file(session: SessionSummary, path: string): Promise<WorkspaceFileResponse> {
    return this.ask(session, "workspace:file", { sessionId: session.id, workdir: session.workdir, path }, WorkspaceFileResponse);
  }

  private async ask<S extends z.ZodType>(session: SessionSummary, event: "workspace:diff" | "workspace:tree" | "workspace:file", payload: object, schema: S): Promise<z.infer<S>> {
    const link = await workerLinkOf(this.options.workers, this.options.remote, session.workerId);
    if (!link) throw new WorkerUnavailableError(`worker ${this.options.workers.get(session.workerId)?.name ?? session.workerId} is offline`);
    let raw: unknown;
    try {
      raw = await link.ask(event, payload, this.options.timeoutMs ?? WORKSPACE_TIMEOUT_MS);
    } catch (error) {
      if (error instanceof WorkerGoneError) throw new WorkerUnavailableError("the worker disconnected before it answered");
      throw new HubError("timeout", `the worker did not answer ${event} in time`, 504);
    }
    const ack = raw as { ok?: unknown };
    if (ack.ok === false) throw hubErrorFromAck(raw as AckError);
    const { ok: _ok, ...rest } = raw as Record<string, unknown>;
    const parsed = schema.safeParse(rest);
    if (!parsed.success) throw new HubError("internal", `the worker sent a malformed ${event} answer`, 502);
    return parsed.data;
  }
}
