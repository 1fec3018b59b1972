import { readAgentsMd } from "@aiflare/core";
import { ProjectInstructions as ProjectInstructionsSchema } from "@aiflare/protocol";
import { LOCAL_WORKER_ID } from "./tool-runner.js";
/** How long the hub waits for a worker to read its AGENTS.md files. */
const READ_TIMEOUT_MS = 10_000;
/**
 * Reads a session's AGENTS.md chain where the code lives: `instructions:read` to its worker
 * (answered through the ack), or directly for the built-in local worker.
 */
export class InstructionsReader {
    options;
    constructor(options) {
        this.options = options;
    }
    async read(session) {
        const { localRoots, home } = this.options;
        if (session.workerId === LOCAL_WORKER_ID && localRoots) {
            return readAgentsMd({ workdir: session.workdir, roots: localRoots, ...(home !== undefined ? { home } : {}) });
        }
        const socket = this.options.workers.connectionOf(session.workerId);
        // Offline (its tool calls will say so), or a worker that does not say it reads AGENTS.md
        // (it would never answer): no project instructions this turn.
        const capabilities = socket?.handshake.auth?.capabilities;
        if (!socket?.connected || !Array.isArray(capabilities) || !capabilities.includes("instructions"))
            return { files: [], text: "", truncated: false };
        const raw = await socket.timeout(READ_TIMEOUT_MS).emitWithAck("instructions:read", { sessionId: session.id, workdir: session.workdir });
        const answer = raw;
        if (answer?.ok !== true)
            throw new Error(answer?.error?.message ?? "the worker did not answer instructions:read");
        const parsed = ProjectInstructionsSchema.safeParse(raw);
        if (!parsed.success)
            throw new Error("the worker sent malformed instructions");
        return parsed.data;
    }
}
//# sourceMappingURL=instructions-reader.js.map