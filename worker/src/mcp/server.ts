import type { McpServerConfig } from "@aiflare/protocol";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { ToolListChangedNotificationSchema, type CallToolResult, type Tool } from "@modelcontextprotocol/sdk/types.js";

export interface McpServerOptions {
  name: string;
  config: McpServerConfig;
  /** Lines for the worker log (status, and the server's stderr). */
  log: (line: string) => void;
  /** The server's tool list changed (after a (re)start, or on `tools/list_changed`). */
  onTools: () => void;
  /** Restart backoff: `baseMs` doubling to `maxMs` (reset once a server stayed up `stableMs`). */
  backoff?: { baseMs?: number; maxMs?: number; stableMs?: number };
  clientVersion?: string;
}

/** How long `initialize` and `tools/list` may take. */
const START_TIMEOUT_MS = 30_000;

/**
 * One stdio MCP server, kept running: started with the official SDK client, its stderr
 * copied into the worker log line by line, its tools listed (again on `tools/list_changed`),
 * and restarted with backoff whenever it exits. Calls made while it restarts wait for it.
 */
export class McpServerConnection {
  /** The tools it offered when last listed (kept while it restarts). */
  tools: Tool[] = [];
  private current: Client | undefined;
  private connected: Client | undefined;
  private ready!: Promise<Client>;
  private markReady!: (client: Client) => void;
  private restartTimer: NodeJS.Timeout | undefined;
  private attempt = 0;
  private upSince = 0;
  private stopped = false;

  constructor(private readonly options: McpServerOptions) {
    this.resetReady();
  }

  get name(): string {
    return this.options.name;
  }

  /** First start; resolves once it is up or has failed (then it keeps retrying in the background). */
  start(): Promise<void> {
    this.stopped = false;
    return this.connect();
  }

  /** Stops restarting and closes the server (the SDK ends its process). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.restartTimer);
    const client = this.current;
    this.current = this.connected = undefined;
    await client?.close().catch(() => undefined);
  }

  /** Calls a tool; waits for a restarting server up to the call's timeout. Rejects with the SDK's errors. */
  async call(tool: string, args: Record<string, unknown>, timeoutMs: number, signal: AbortSignal, onProgress?: (text: string) => void): Promise<CallToolResult> {
    const started = Date.now();
    const client = this.connected ?? (await this.waitReady(timeoutMs, signal));
    const result = await client.callTool({ name: tool, arguments: args }, undefined, {
      timeout: Math.max(1, timeoutMs - (Date.now() - started)),
      signal,
      ...(onProgress
        ? { onprogress: (p: { progress: number; total?: number; message?: string }) => onProgress(`progress ${p.progress}${p.total !== undefined ? `/${p.total}` : ""}${p.message ? `: ${p.message}` : ""}\n`) }
        : {}),
    });
    if (!("content" in result) || !Array.isArray(result.content)) return { content: [{ type: "text", text: JSON.stringify("toolResult" in result ? result.toolResult : result) }] };
    return result as CallToolResult;
  }

  private log(text: string): void {
    this.options.log(`[mcp ${this.options.name}] ${text}`);
  }

  private resetReady(): void {
    this.ready = new Promise((resolve) => (this.markReady = resolve));
  }

  private waitReady(timeoutMs: number, signal: AbortSignal): Promise<Client> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => finish(() => reject(new Error(`the MCP server ${this.options.name} is not running (restarting); gave up after ${Math.round(timeoutMs / 1000)}s`))), timeoutMs);
      const onAbort = () => finish(() => reject(new Error("canceled")));
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        signal.removeEventListener("abort", onAbort);
        settle();
      };
      signal.addEventListener("abort", onAbort, { once: true });
      if (signal.aborted) onAbort();
      void this.ready.then((client) => finish(() => resolve(client)));
    });
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const { config } = this.options;
    const transport = new StdioClientTransport({ command: config.command, args: config.args ?? [], ...(config.env ? { env: config.env } : {}), stderr: "pipe" });
    let partial = "";
    transport.stderr?.on("data", (data: Buffer) => {
      const lines = (partial + data.toString("utf8")).split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) if (line.trim()) this.log(line.trimEnd());
    });
    const client = new Client({ name: "aiflare-worker", version: this.options.clientVersion ?? "0.1.0" }, { capabilities: {} });
    this.current = client;
    client.onclose = () => {
      if (this.current !== client) return;
      this.current = undefined;
      if (this.connected === client) {
        this.connected = undefined;
        this.resetReady();
      }
      this.scheduleRestart("exited");
    };
    client.setNotificationHandler(ToolListChangedNotificationSchema, async () => {
      if (this.connected !== client) return;
      await this.listTools(client).catch((error: unknown) => this.log(`tools/list failed: ${(error as Error).message}`));
    });
    try {
      await client.connect(transport, { timeout: START_TIMEOUT_MS });
      await this.listTools(client);
      if (this.current !== client) return; // it died while listing; onclose scheduled the restart
      this.connected = client;
      this.upSince = Date.now();
      this.markReady(client);
      this.log(`running (pid ${transport.pid ?? "?"}); tools: ${this.tools.map((tool) => tool.name).join(", ") || "none"}`);
    } catch (error) {
      this.log(`could not start \`${[config.command, ...(config.args ?? [])].join(" ")}\`: ${(error as Error).message}`);
      if (this.current !== client) return;
      this.current = undefined;
      await client.close().catch(() => undefined);
      this.scheduleRestart("failed to start");
    }
  }

  private async listTools(client: Client): Promise<void> {
    const tools: Tool[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.listTools(cursor ? { cursor } : undefined, { timeout: START_TIMEOUT_MS });
      tools.push(...page.tools);
      cursor = page.nextCursor;
    } while (cursor);
    this.tools = tools;
    this.options.onTools();
  }

  private scheduleRestart(why: string): void {
    if (this.stopped || this.restartTimer) return;
    const { baseMs = 500, maxMs = 30_000, stableMs = 30_000 } = this.options.backoff ?? {};
    if (this.upSince && Date.now() - this.upSince >= stableMs) this.attempt = 0;
    this.upSince = 0;
    const delay = Math.min(maxMs, baseMs * 2 ** Math.min(this.attempt++, 16));
    this.log(`${why}; restarting in ${(delay / 1000).toFixed(1)}s`);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      void this.connect();
    }, delay);
  }
}
