import type { ToolSpec } from "@aiflare/core";
import type { McpToolInfo } from "@aiflare/protocol";
/**
 * The tool list for a session on a worker with MCP tools: the built-in tools, then one
 * function tool per MCP tool (`mcp__SERVER__TOOL`) with the tool's description and input
 * schema. Not strict: MCP schemas rarely meet the strict-mode rules.
 */
export declare function withMcpTools(base: readonly ToolSpec[], tools: readonly McpToolInfo[]): ToolSpec[];
//# sourceMappingURL=mcp-tool-specs.d.ts.map