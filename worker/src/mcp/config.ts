import { readFile } from "node:fs/promises";
import { McpConfigFile, McpServerConfig, summarizeIssues } from "@aiflare/protocol";

/** The servers of an `--mcp-config` file, and the entries left out (with why). */
export interface McpConfig {
  servers: Record<string, McpServerConfig>;
  skipped: string[];
}

/**
 * Reads `{"mcpServers": {"NAME": {"command", "args"?, "env"?}}}`. Entries other agents use
 * that this worker cannot run (remote `url` servers, `"disabled": true`) are skipped with a
 * reason; anything else malformed is an error, so a typo never goes unnoticed.
 */
export async function loadMcpConfig(file: string): Promise<McpConfig> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    throw new Error(`--mcp-config ${file}: ${(error as Error).message}`, { cause: error });
  }
  const parsed = McpConfigFile.safeParse(raw);
  if (!parsed.success) throw new Error(`--mcp-config ${file}: ${summarizeIssues(parsed.error)}`);
  const servers: Record<string, McpServerConfig> = {};
  const skipped: string[] = [];
  for (const [name, entry] of Object.entries(parsed.data.mcpServers)) {
    const fields = (typeof entry === "object" && entry !== null ? entry : {}) as Record<string, unknown>;
    if (fields.disabled === true) {
      skipped.push(`${name}: disabled`);
      continue;
    }
    if (fields.command === undefined && typeof fields.url === "string") {
      skipped.push(`${name}: only stdio servers (with a "command") are supported`);
      continue;
    }
    const server = McpServerConfig.safeParse(entry);
    if (!server.success) throw new Error(`--mcp-config ${file}: server ${JSON.stringify(name)}: ${summarizeIssues(server.error)}`);
    servers[name] = server.data;
  }
  return { servers, skipped };
}
