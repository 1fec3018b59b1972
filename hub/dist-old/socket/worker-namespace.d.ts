import { RedeliveredResult, TerminalExitPayload, TerminalOutputPayload, ToolOutput, type McpToolInfo, type WorkerClientToServerEvents, type WorkerServerToClientEvents } from "@aiflare/protocol";
import type { Namespace, Server, Socket } from "socket.io";
import type { Logger } from "../logger.js";
import type { WorkerRegistry } from "../registry/workers.js";
import type { AuthFailureLimiter } from "../auth/auth-failures.js";
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
export declare function attachWorkerNamespace(io: Server, deps: WorkerNamespaceDeps): WorkerNamespace;
//# sourceMappingURL=worker-namespace.d.ts.map