import { CheckpointAck, ToolResult, type AgentToolCall, type CheckpointRequest, type RedeliveredResult, type SessionSummary } from "@aiflare/protocol";
import type { Logger } from "../logger.js";
import type { WorkerRegistry } from "../registry/workers.js";
import type { WorkerSocket } from "../socket/worker-namespace.js";
import { type ToolResultBroker } from "./tool-result-broker.js";
import type { ToolRunner, WorkerToolCall } from "./tool-runner.js";
/** Where a worker's calls go: its socket on this hub, or (cluster) its connection on another node. */
export interface WorkerLink {
    /** Sends the call and resolves with the worker's ack (rejects on timeout or a lost connection). */
    call(payload: AgentToolCall, waitMs: number): Promise<unknown>;
    cancel(callId: string): void;
}
export interface WorkerToolRouterOptions {
    workers: WorkerRegistry<WorkerSocket>;
    broker: ToolResultBroker;
    /** How long a worker that dropped may take to come back before its calls fail. */
    disconnectGraceMs?: number;
    logger?: Pick<Logger, "warn" | "info">;
    /** Finds a worker that is not connected here (cluster: on another node); none by default. */
    remote?: (workerId: string) => Promise<WorkerLink | undefined>;
}
/**
 * cli mode: sends `agent_tool_call` to the session's worker with
 * `socket.timeout(ms).emitWithAck` and feeds the ack to the ToolResultBroker. If the worker
 * drops, its calls wait a short grace window for it to come back and redeliver or resume;
 * otherwise they fail with a clear error, so a session never hangs.
 */
export declare class WorkerToolRouter implements ToolRunner {
    private readonly options;
    private readonly inFlight;
    constructor(options: WorkerToolRouterOptions);
    /** Whether `callId` is running for this session on this worker (guards tool:output and redelivery). */
    isActive(callId: string, sessionId: string, workerId: string): boolean;
    run(session: SessionSummary, call: WorkerToolCall, signal: AbortSignal): Promise<ToolResult>;
    /** Sends a checkpoint request to the session's worker; its ack is the answer. */
    checkpoint(session: SessionSummary, request: CheckpointRequest): Promise<CheckpointAck>;
    /** The worker's connection dropped: its calls get a grace window to come back. */
    workerDisconnected(workerId: string): void;
    /** A redelivered result (after a reconnect). Ignored unless that call is still waiting. */
    redelivered(workerId: string, result: RedeliveredResult): void;
    /** The worker is back and says which calls it still runs; the others it lost (it restarted). */
    resumed(workerId: string, running: readonly string[]): void;
    private linkOf;
    private nameOf;
}
//# sourceMappingURL=worker-tool-router.d.ts.map