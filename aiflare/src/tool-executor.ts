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

/**
 * What the model is told about a call's result: JSON with its output cut so the whole text
 * stays within `budget` bytes (head and tail kept, JSON escapes counted).
 */
export function toolOutputForModel(result: ToolResult, budget = DEFAULT_TOOL_OUTPUT_BUDGET): string {
  if (!result.ok && result.output === "" && result.error) return truncateForModel(result.error, budget);
  const wrap = (output: string) =>
    JSON.stringify({
      output,
      metadata: {
        ...(result.exitCode !== undefined ? { exit_code: result.exitCode } : {}),
        duration_seconds: Math.round(result.durationMs / 100) / 10,
        ...(result.error ? { error: result.error } : {}),
      },
    });
  let inner = budget;
  let text = wrap(truncateForModel(result.output, inner));
  for (let attempt = 0; attempt < 4 && Buffer.byteLength(text, "utf8") > budget && inner > 256; attempt++) {
    inner = Math.floor((inner * budget) / Buffer.byteLength(text, "utf8")) - 128;
    text = wrap(truncateForModel(result.output, inner));
  }
  return text;
}
