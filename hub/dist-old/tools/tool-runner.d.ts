import type { CheckpointAck, CheckpointRequest, SessionSummary, ToolResult, WorkerTool } from "@aiflare/protocol";
/** A worker tool call as the hub hands it on. */
export interface WorkerToolCall {
    callId: string;
    tool: WorkerTool;
    args: Record<string, unknown>;
    timeoutMs: number;
    /** The turn it belongs to (the worker checkpoints before a turn's first change). */
    turnId?: string;
}
/** Runs `shell` / `apply_patch` for a session somewhere: on its worker, or in the hub. */
export interface ToolRunner {
    run(session: SessionSummary, call: WorkerToolCall, signal: AbortSignal): Promise<ToolResult>;
    /** A checkpoint operation on the session's workdir, where its tools run. */
    checkpoint?(session: SessionSummary, request: CheckpointRequest): Promise<CheckpointAck>;
}
/** The worker id of the hub's built-in in-process worker (local mode). */
export declare const LOCAL_WORKER_ID = "local";
/** Picks the runner for a session by its worker: `local` in-process, anything else over its socket. */
export declare class ToolRunnerFactory {
    private readonly runners;
    constructor(runners: {
        cli: ToolRunner;
        local?: ToolRunner;
    });
    for(session: Pick<SessionSummary, "workerId">): ToolRunner;
}
//# sourceMappingURL=tool-runner.d.ts.map