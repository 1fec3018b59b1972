import { type ProjectInstructions } from "@aiflare/core";
import { type SessionSummary } from "@aiflare/protocol";
import type { WorkerRegistry } from "../registry/workers.js";
import type { WorkerSocket } from "../socket/worker-namespace.js";
/** Where a session's AGENTS.md chain is read: on its worker, or in the hub for local mode. */
export interface InstructionsSource {
    read(session: Pick<SessionSummary, "id" | "workerId" | "workdir">): Promise<ProjectInstructions>;
}
/**
 * Reads a session's AGENTS.md chain where the code lives: `instructions:read` to its worker
 * (answered through the ack), or directly for the built-in local worker.
 */
export declare class InstructionsReader implements InstructionsSource {
    private readonly options;
    constructor(options: {
        workers: WorkerRegistry<WorkerSocket>;
        localRoots?: string[];
        home?: string;
    });
    read(session: Pick<SessionSummary, "id" | "workerId" | "workdir">): Promise<ProjectInstructions>;
}
//# sourceMappingURL=instructions-reader.d.ts.map