import type { CheckpointAck, CheckpointRequest, SessionSummary, ToolResult } from "@aiflare/protocol";
import type { Checkpoints } from "@aiflare/worker";
import type { SessionStore } from "../store/session-store.js";
import type { ToolRunner, WorkerToolCall } from "./tool-runner.js";
/**
 * Local mode: runs tools inside the hub process, confined to the built-in worker's roots,
 * with live output going straight into the timeline. For tests and single-machine setups.
 */
export declare class LocalToolRunner implements ToolRunner {
    private readonly options;
    constructor(options: {
        store: SessionStore;
        roots: string[];
        checkpoints?: Checkpoints;
    });
    run(session: SessionSummary, call: WorkerToolCall, signal: AbortSignal): Promise<ToolResult>;
    checkpoint(_session: SessionSummary, request: CheckpointRequest): Promise<CheckpointAck>;
}
//# sourceMappingURL=local-tool-runner.d.ts.map