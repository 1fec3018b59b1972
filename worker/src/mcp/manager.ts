import type { McpServerConfig, McpToolInfo, ToolResult } from "@aiflare/protocol";
import { mcpToolName } from "./names.js";
import { toolErrorFromMcp, toolResultFromMcp } from "./result.js";
import { McpServerConnection, type McpServerOptions } from "./server.js";

/** What the worker client needs of its MCP tools: the list to announce, and a way to call one. */
export interface McpToolHost {
  tools(): McpToolInfo[];
  call(request: { callId: string; tool: string; args: Record<string, unknown>; timeoutMs: number; signal: AbortSignal; onOutput?: (text: string) => void }): Promise<ToolResult>;
}

export interface McpManagerOptions {
  log: (line: string) => void;
  /** The tools on offer changed (a server started, restarted with other tools, or sent `tools/list_changed`). */
  onChange?: (tools: McpToolInfo[]) => void;
  backoff?: McpServerOptions["backoff"];
}

/**
 * The worker's MCP servers: starts each one from the `--mcp-config` file, offers their tools
 * under the names the model sees (`mcp__SERVER__TOOL`), routes calls by that name, and tells
 * when the tool list changed.
 */
export class McpManager implements McpToolHost {
  private readonly servers: McpServerConnection[];
  private routes = new Map<string, { server: McpServerConnection; tool: string }>();
  private offered: McpToolInfo[] = [];
  private announced = "[]";
  private readonly warned = new Set<string>();

  constructor(
    configs: Record<string, McpServerConfig>,
    private readonly options: McpManagerOptions,
  ) {
    this.servers = Object.entries(configs)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, config]) => new McpServerConnection({ name, config, log: options.log, onTools: () => this.rebuild(), ...(options.backoff ? { backoff: options.backoff } : {}) }));
  }

  /** Starts every server; resolves once each is up or has failed its first start (it keeps retrying). */
  async start(): Promise<void> {
    await Promise.all(this.servers.map((server) => server.start()));
  }

  async stop(): Promise<void> {
    await Promise.all(this.servers.map((server) => server.stop()));
  }

  tools(): McpToolInfo[] {
    return this.offered.map((tool) => ({ ...tool }));
  }

  async call({ callId, tool, args, timeoutMs, signal, onOutput }: Parameters<McpToolHost["call"]>[0]): Promise<ToolResult> {
    const started = Date.now();
    const route = this.routes.get(tool);
    if (!route) {
      const known = [...this.routes.keys()];
      return { callId, ok: false, output: "", durationMs: 0, error: `unknown MCP tool ${JSON.stringify(tool)}${known.length ? `; this worker offers ${known.join(", ")}` : "; this worker offers no MCP tools"}` };
    }
    try {
      const result = await route.server.call(route.tool, args, timeoutMs, signal, onOutput);
      return toolResultFromMcp(callId, result, Date.now() - started);
    } catch (error) {
      return toolErrorFromMcp(callId, route.server.name, error, Date.now() - started, timeoutMs, signal);
    }
  }

  /** Recomputes names and routes from every server's tools; tells `onChange` when the offer changed. */
  private rebuild(): void {
    const routes = new Map<string, { server: McpServerConnection; tool: string }>();
    const offered: McpToolInfo[] = [];
    for (const server of this.servers) {
      for (const tool of server.tools) {
        const name = mcpToolName(server.name, tool.name);
        if (routes.has(name)) {
          if (!this.warned.has(name)) this.options.log(`[mcp ${server.name}] tool ${tool.name} skipped: its name ${name} is taken`);
          this.warned.add(name);
          continue;
        }
        routes.set(name, { server, tool: tool.name });
        offered.push({ name, description: (tool.description ?? tool.title ?? `${tool.name} (MCP server ${server.name})`).slice(0, 100_000), inputSchema: { ...tool.inputSchema } });
      }
    }
    this.routes = routes;
    this.offered = offered;
    const snapshot = JSON.stringify(offered);
    if (snapshot === this.announced) return;
    this.announced = snapshot;
    this.options.onChange?.(this.tools());
  }
}
