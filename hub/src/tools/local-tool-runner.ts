import { executeWorkerTool } from "@aiflare/core";
import type { SessionSummary, ToolResult } from "@aiflare/protocol";
import type { SessionStore } from "../store/session-store.js";
import type { ToolRunner, WorkerToolCall } from "./tool-runner.js";

/**
 * Local mode: runs tools inside the hub process, confined to the built-in worker's roots,
 * with live output going straight into the timeline. For tests and single-machine setups.
 */
export class LocalToolRunner implements ToolRunner {
  constructor(private readonly options: { store: SessionStore; roots: string[] }) {}

  run(session: SessionSummary, call: WorkerToolCall, signal: AbortSignal): Promise<ToolResult> {
    return executeWorkerTool({
      callId: call.callId,
      tool: call.tool,
      args: call.args,
      workdir: session.workdir,
      roots: this.options.roots,
      timeoutMs: call.timeoutMs,
      signal,
      onOutput: (stream, chunk) => this.options.store.stream(session.id, { type: "tool_output", callId: call.callId, stream, chunk }),
    });
  }
}
