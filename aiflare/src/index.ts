/**
 * The aiflare agent core. The agent loop over the Responses API, tools, apply_patch and
 * exec land here (issue 3, issue 4); the hub depends on the interfaces declared below.
 */
import type { ToolResult } from "@aiflare/protocol";

/** What the agent loop needs to run a tool call; the hub brokers it over sockets, tests run it in memory. */
export interface ToolExecutor {
  execute(call: { callId: string; tool: string; args: Record<string, unknown>; signal: AbortSignal }): Promise<ToolResult>;
}
