import type { ToolResult } from "@aiflare/protocol";
import { DEFAULT_TOOL_OUTPUT_BUDGET, truncateForModel } from "./tools/output-budget.js";

/** One function call to execute, with arguments already parsed from the model's JSON. */
export interface ToolCallRequest {
  callId: string;
  tool: string;
  args: Record<string, unknown>;
  /** Fires when the turn is canceled; the executor stops the call and answers. */
  signal: AbortSignal;
}

/** What the agent loop needs to run a tool call; the hub brokers it over sockets, tests run it in memory. */
export interface ToolExecutor {
  execute(call: ToolCallRequest): Promise<ToolResult>;
}

/** What the model is told about a call's result: its output cut to `budget` bytes (head and tail kept). */
export function toolOutputForModel(result: ToolResult, budget = DEFAULT_TOOL_OUTPUT_BUDGET): string {
  if (!result.ok && result.output === "" && result.error) return truncateForModel(result.error, budget);
  return JSON.stringify({
    output: truncateForModel(result.output, budget),
    metadata: {
      ...(result.exitCode !== undefined ? { exit_code: result.exitCode } : {}),
      duration_seconds: Math.round(result.durationMs / 100) / 10,
      ...(result.error ? { error: result.error } : {}),
    },
  });
}
