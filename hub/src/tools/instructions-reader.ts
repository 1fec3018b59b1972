import { readAgentsMd, type ProjectInstructions } from "@aiflare/core";
import { ProjectInstructions as ProjectInstructionsSchema, type SessionSummary } from "@aiflare/protocol";
import type { WorkerRegistry } from "../registry/workers.js";
import type { WorkerSocket } from "../socket/worker-namespace.js";
import { LOCAL_WORKER_ID } from "./tool-runner.js";
import { workerLinkOf, type RemoteWorkerLinks } from "./worker-tool-router.js";

/** How long the hub waits for a worker to read its AGENTS.md files. */
const READ_TIMEOUT_MS = 10_000;

/** Where a session's AGENTS.md chain is read: on its worker, or in the hub for local mode. */
export interface InstructionsSource {
  read(session: Pick<SessionSummary, "id" | "workerId" | "workdir">): Promise<ProjectInstructions>;
}

/**
 * Reads a session's AGENTS.md chain where the code lives: `instructions:read` to its worker
 * (answered through the ack; in a cluster on whichever node it is connected to), or directly
 * for the built-in local worker.
 */
export class InstructionsReader implements InstructionsSource {
  constructor(private readonly options: { workers: WorkerRegistry<WorkerSocket>; remote?: RemoteWorkerLinks; localRoots?: string[]; home?: string }) {}

  async read(session: Pick<SessionSummary, "id" | "workerId" | "workdir">): Promise<ProjectInstructions> {
    const { localRoots, home } = this.options;
    if (session.workerId === LOCAL_WORKER_ID && localRoots) {
      return readAgentsMd({ workdir: session.workdir, roots: localRoots, ...(home !== undefined ? { home } : {}) });
    }
    // Connected here, or (cluster) to another node.
    const link = await workerLinkOf(this.options.workers, this.options.remote, session.workerId);
    // Offline (its tool calls will say so), or a worker that does not say it reads AGENTS.md
    // (it would never answer): no project instructions this turn.
    if (!link?.capabilities.includes("instructions")) return { files: [], text: "", truncated: false };
    const raw = await link.ask("instructions:read", { sessionId: session.id, workdir: session.workdir }, READ_TIMEOUT_MS);
    const answer = raw as { ok?: boolean; error?: { message?: string } } | undefined;
    if (answer?.ok !== true) throw new Error(answer?.error?.message ?? "the worker did not answer instructions:read");
    const parsed = ProjectInstructionsSchema.safeParse(raw);
    if (!parsed.success) throw new Error("the worker sent malformed instructions");
    return parsed.data;
  }
}
