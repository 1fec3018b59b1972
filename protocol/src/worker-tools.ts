import { z } from "zod";

/** How a worker runs commands: bubblewrap with the workdir writable, everything read-only, or unconfined. */
export const SandboxMode = z.enum(["workspace-write", "read-only", "off"]);
export type SandboxMode = z.infer<typeof SandboxMode>;

/** `mcp__SERVER__TOOL`, within the model API's function-name rules (`[A-Za-z0-9_-]`, 64 at most). */
export const McpToolName = z
  .string()
  .max(64)
  .regex(/^mcp__[A-Za-z0-9_-]+$/, "must look like mcp__SERVER__TOOL");
export type McpToolName = z.infer<typeof McpToolName>;

/** One MCP tool a worker offers, as the model is to see it. */
export const McpToolInfo = z.object({
  name: McpToolName,
  description: z.string().max(100_000),
  /** The tool's JSON Schema for its arguments (an object schema). */
  inputSchema: z.record(z.string(), z.unknown()),
});
export type McpToolInfo = z.infer<typeof McpToolInfo>;

/** worker -> hub: the MCP tools the worker offers now (sent after every connect and on every change). */
export const WorkerTools = z.object({ tools: z.array(McpToolInfo).max(2000) });
export type WorkerTools = z.infer<typeof WorkerTools>;

/** One stdio MCP server in a worker's `--mcp-config` file. */
export const McpServerConfig = z.object({
  command: z.string().min(1),
  args: z.array(z.string()).optional(),
  env: z.record(z.string(), z.string()).optional(),
});
export type McpServerConfig = z.infer<typeof McpServerConfig>;

/** The `--mcp-config` file: `{"mcpServers": {"NAME": {"command", "args"?, "env"?}}}`, the format other agents use. */
export const McpConfigFile = z.object({ mcpServers: z.record(z.string().min(1).max(100), z.unknown()) });
export type McpConfigFile = z.infer<typeof McpConfigFile>;
