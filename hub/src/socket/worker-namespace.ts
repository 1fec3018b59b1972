import {
  PROTOCOL_VERSION,
  RedeliveredResult,
  summarizeIssues,
  TerminalExitPayload,
  TerminalOutputPayload,
  ToolOutput,
  WorkerResume,
  WorkerTools,
  WORKER_NAMESPACE,
  WorkerAuth,
  workerProtocol,
  type McpToolInfo,
  type WorkerClientToServerEvents,
  type WorkerServerToClientEvents,
} from "@aiflare/protocol";
import type { Namespace, Server, Socket } from "socket.io";
import { tokensEqual } from "../auth/tokens.js";
import type { Logger } from "../logger.js";
import type { WorkerRegistry } from "../registry/workers.js";
import { workerRoom } from "./rooms.js";
import { acked } from "./ack.js";
import type { AuthFailureLimiter } from "../auth/auth-failures.js";
import { checkHandshakeToken, handshakeError } from "./handshake.js";

export type WorkerNamespace = Namespace<WorkerClientToServerEvents, WorkerServerToClientEvents>;
export type WorkerSocket = Socket<WorkerClientToServerEvents, WorkerServerToClientEvents>;

export interface WorkerNamespaceDeps {
  logger: Logger;
  workerToken: string;
  workers: WorkerRegistry<WorkerSocket>;
  /** Live output of a running call, already validated. */
  onToolOutput?: (workerId: string, output: ToolOutput) => void;
  /** A result sent again after a reconnect. */
  onRedelivered?: (workerId: string, result: RedeliveredResult) => void;
  /** After (re)connecting: the calls the worker still runs. */
  onResume?: (workerId: string, running: string[]) => void;
  onDisconnect?: (workerId: string) => void;
  /** The MCP tools the worker offers now. */
  onTools?: (workerId: string, tools: McpToolInfo[]) => void;
  /** Terminal output and ends, already validated. */
  onTerminalOutput?: (workerId: string, output: TerminalOutputPayload) => void;
  onTerminalExit?: (workerId: string, exit: TerminalExitPayload) => void;
  authFailures: AuthFailureLimiter;
}

/**
 * `/worker`: admits workers with the worker token (a browser token is refused), checks the
 * protocol version and handshake shape, and keeps the WorkerRegistry in step with connections.
 */
export function attachWorkerNamespace(io: Server, deps: WorkerNamespaceDeps): WorkerNamespace {
  const nsp = io.of(WORKER_NAMESPACE) as unknown as WorkerNamespace;

  nsp.use((socket, next) => {
    const auth = WorkerAuth.safeParse(socket.handshake.auth);
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    const refused = checkHandshakeToken(deps.authFailures, socket.handshake.address, tokensEqual(token, deps.workerToken));
    if (refused) return next(refused);
    if (!auth.success) {
      return next(handshakeError("invalid_request", `invalid worker handshake (${summarizeIssues(auth.error)})`));
    }
    const protocol = workerProtocol(auth.data.version);
    if (protocol !== undefined && protocol !== PROTOCOL_VERSION) {
      return next(handshakeError("protocol_mismatch", `hub speaks protocol ${PROTOCOL_VERSION}, worker ${protocol}`));
    }
    (socket.data as { auth?: WorkerAuth }).auth = auth.data;
    next();
  });

  nsp.on("connection", (socket) => {
    const auth = (socket.data as { auth: WorkerAuth }).auth;
    const worker = deps.workers.connect(
      { ...(auth.workerId !== undefined ? { workerId: auth.workerId } : {}), name: auth.name, roots: auth.roots, ...(auth.sandbox ? { sandbox: auth.sandbox } : {}) },
      socket,
    );
    deps.logger.info({ workerId: worker.id, name: worker.name, roots: worker.roots }, "worker connected");
    void socket.join(workerRoom(worker.id));
    socket.emit("worker:welcome", { workerId: worker.id, protocolVersion: PROTOCOL_VERSION });
    socket.on("tool:output", (payload: unknown) => {
      const output = ToolOutput.safeParse(payload);
      if (!output.success) {
        deps.logger.warn({ workerId: worker.id }, "dropped malformed tool:output");
        return;
      }
      deps.onToolOutput?.(worker.id, output.data);
    });
    socket.on("terminal:output", (payload: unknown) => {
      const parsed = TerminalOutputPayload.safeParse(payload);
      if (parsed.success) deps.onTerminalOutput?.(worker.id, parsed.data);
    });
    socket.on("terminal:exit", (payload: unknown) => {
      const parsed = TerminalExitPayload.safeParse(payload);
      if (parsed.success) deps.onTerminalExit?.(worker.id, parsed.data);
    });
    const on = (event: string, listener: (...args: unknown[]) => void) =>
      (socket as unknown as { on(event: string, listener: (...args: unknown[]) => void): void }).on(event, listener);
    on(
      "tool:result",
      acked(deps.logger, "tool:result", RedeliveredResult, (result) => {
        deps.onRedelivered?.(worker.id, result);
        return { ok: true as const };
      }),
    );
    on(
      "worker:resume",
      acked(deps.logger, "worker:resume", WorkerResume, ({ running }) => {
        deps.onResume?.(worker.id, running);
        return { ok: true as const };
      }),
    );
    on(
      "worker:tools",
      acked(deps.logger, "worker:tools", WorkerTools, ({ tools }) => {
        deps.onTools?.(worker.id, tools);
        return { ok: true as const };
      }),
    );
    socket.on("disconnect", (reason) => {
      deps.logger.info({ workerId: worker.id, reason }, "worker disconnected");
      deps.workers.disconnect(worker.id, socket);
      deps.onDisconnect?.(worker.id);
    });
  });

  return nsp;
}
