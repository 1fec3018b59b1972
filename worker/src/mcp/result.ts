import { HeadTailBuffer } from "@aiflare/core";
import type { ToolResult } from "@aiflare/protocol";
import { ErrorCode, McpError, type CallToolResult, type ContentBlock } from "@modelcontextprotocol/sdk/types.js";

/** Characters of a tool's output kept at each end, like a shell command's. */
const KEEP = 64 * 1024;

/** One content block as text: text as it is, everything else summarised in a line. */
function blockText(block: ContentBlock): string {
  switch (block.type) {
    case "text":
      return block.text;
    case "image":
    case "audio":
      return `[${block.type}: ${block.mimeType}, ${Buffer.from(block.data, "base64").length} bytes]`;
    case "resource_link":
      return `[resource link: ${block.uri}${block.name ? ` (${block.name})` : ""}]`;
    case "resource": {
      const { resource } = block;
      if ("text" in resource && typeof resource.text === "string") return resource.text;
      return `[resource: ${resource.uri}${resource.mimeType ? `, ${resource.mimeType}` : ""}]`;
    }
    default:
      return `[${(block as { type: string }).type} content]`;
  }
}

/**
 * A `tools/call` result as a tool result: text content becomes the output (other content
 * types are summarised), structured content is used when there is no content, and a result
 * the tool marked `isError` fails with its text kept.
 */
export function toolResultFromMcp(callId: string, result: CallToolResult, durationMs: number): ToolResult {
  const parts = result.content.map(blockText);
  if (parts.length === 0 && result.structuredContent !== undefined) parts.push(JSON.stringify(result.structuredContent));
  const buffer = new HeadTailBuffer(KEEP, KEEP);
  buffer.push(parts.join("\n"));
  const output = buffer.toString();
  if (result.isError) return { callId, ok: false, output, durationMs, error: "the MCP tool reported an error" };
  return { callId, ok: true, output, durationMs };
}

/** A failed `tools/call` (protocol error, timeout, lost server) as a clear tool error. */
export function toolErrorFromMcp(callId: string, server: string, error: unknown, durationMs: number, timeoutMs: number, signal: AbortSignal): ToolResult {
  const failed = (message: string): ToolResult => ({ callId, ok: false, output: "", durationMs, error: message });
  if (signal.aborted) return failed("canceled");
  if (error instanceof McpError) {
    if (error.code === Number(ErrorCode.RequestTimeout)) return failed(`timed out after ${Math.round(timeoutMs / 1000)}s waiting for the MCP server ${server}`);
    if (error.code === Number(ErrorCode.ConnectionClosed)) return failed(`the MCP server ${server} exited during the call (it is being restarted)`);
    return failed(`MCP server ${server}: ${error.message}`);
  }
  return failed(`MCP server ${server}: ${error instanceof Error ? error.message : String(error)}`);
}
