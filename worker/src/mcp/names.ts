import { createHash } from "node:crypto";
import { MCP_TOOL_PREFIX } from "@aiflare/protocol";

/** The model API's longest function name. */
const MAX_NAME = 64;

/**
 * The name the model sees for `tool` of `server`: `mcp__SERVER__TOOL`, characters outside
 * `[A-Za-z0-9_-]` replaced by `_`, and a name past 64 characters cut with a short hash of the
 * original pair, so different tools keep different names.
 */
export function mcpToolName(server: string, tool: string): string {
  const clean = (part: string) => part.replace(/[^A-Za-z0-9_-]/g, "_");
  const name = `${MCP_TOOL_PREFIX}${clean(server)}__${clean(tool)}`;
  if (name.length <= MAX_NAME) return name;
  const hash = createHash("sha1").update(`${server}\0${tool}`).digest("hex").slice(0, 8);
  return `${name.slice(0, MAX_NAME - hash.length - 1)}_${hash}`;
}
