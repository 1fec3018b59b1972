import { PROTOCOL_VERSION, RedeliveredResult, summarizeIssues, TerminalExitPayload, TerminalOutputPayload, ToolOutput, WorkerResume, WorkerTools, WORKER_NAMESPACE, WorkerAuth, } from "@aiflare/protocol";
import { tokensEqual } from "../auth/tokens.js";
import { workerRoom } from "./rooms.js";
import { acked } from "./ack.js";
import { checkHandshakeToken, handshakeError } from "./handshake.js";
/**
 * `/worker`: admits workers with the worker token (a browser token is refused), checks the
 * protocol version and handshake shape, and keeps the WorkerRegistry in step with connections.
 */
export function attachWorkerNamespace(io, deps) {
    const nsp = io.of(WORKER_NAMESPACE);
    nsp.use((socket, next) => {
        const auth = WorkerAuth.safeParse(socket.handshake.auth);
        const token = socket.handshake.auth?.token;
        const refused = checkHandshakeToken(deps.authFailures, socket.handshake.address, tokensEqual(token, deps.workerToken));
        if (refused)
            return next(refused);
        if (!auth.success) {
            return next(handshakeError("invalid_request", `invalid worker handshake (${summarizeIssues(auth.error)})`));
        }
        if (auth.data.version !== PROTOCOL_VERSION) {
            return next(handshakeError("protocol_mismatch", `hub speaks protocol ${PROTOCOL_VERSION}, worker ${auth.data.version}`));
        }
        socket.data.auth = auth.data;
        next();
    });
    nsp.on("connection", (socket) => {
        const auth = socket.data.auth;
        const worker = deps.workers.connect({ ...(auth.workerId !== undefined ? { workerId: auth.workerId } : {}), name: auth.name, roots: auth.roots, ...(auth.sandbox ? { sandbox: auth.sandbox } : {}) }, socket);
        deps.logger.info({ workerId: worker.id, name: worker.name, roots: worker.roots }, "worker connected");
        void socket.join(workerRoom(worker.id));
        socket.emit("worker:welcome", { workerId: worker.id, protocolVersion: PROTOCOL_VERSION });
        socket.on("tool:output", (payload) => {
            const output = ToolOutput.safeParse(payload);
            if (!output.success) {
                deps.logger.warn({ workerId: worker.id }, "dropped malformed tool:output");
                return;
            }
            deps.onToolOutput?.(worker.id, output.data);
        });
        socket.on("terminal:output", (payload) => {
            const parsed = TerminalOutputPayload.safeParse(payload);
            if (parsed.success)
                deps.onTerminalOutput?.(worker.id, parsed.data);
        });
        socket.on("terminal:exit", (payload) => {
            const parsed = TerminalExitPayload.safeParse(payload);
            if (parsed.success)
                deps.onTerminalExit?.(worker.id, parsed.data);
        });
        const on = (event, listener) => socket.on(event, listener);
        on("tool:result", acked(deps.logger, "tool:result", RedeliveredResult, (result) => {
            deps.onRedelivered?.(worker.id, result);
            return { ok: true };
        }));
        on("worker:resume", acked(deps.logger, "worker:resume", WorkerResume, ({ running }) => {
            deps.onResume?.(worker.id, running);
            return { ok: true };
        }));
        on("worker:tools", acked(deps.logger, "worker:tools", WorkerTools, ({ tools }) => {
            deps.onTools?.(worker.id, tools);
            return { ok: true };
        }));
        socket.on("disconnect", (reason) => {
            deps.logger.info({ workerId: worker.id, reason }, "worker disconnected");
            deps.workers.disconnect(worker.id, socket);
            deps.onDisconnect?.(worker.id);
        });
    });
    return nsp;
}
//# sourceMappingURL=worker-namespace.js.map