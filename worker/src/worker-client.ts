import { executeWorkerTool, type CommandSandbox } from "@aiflare/core";
import {
  AgentToolCall,
  isMcpToolName,
  CheckpointRequest,
  PROTOCOL_VERSION,
  ToolCancel,
  WORKER_NAMESPACE,
  summarizeIssues,
  type SandboxMode,
  type ToolResult,
  type ToolStream,
  type WorkerClientToServerEvents,
  type WorkerServerToClientEvents,
} from "@aiflare/protocol";
import { io, type Socket } from "socket.io-client";
import { answerInstructionsRead } from "./instructions.js";
import type { McpToolHost } from "./mcp/manager.js";
import type { Checkpoints } from "./checkpoints/checkpoints.js";
import { OutputBatcher } from "./output-batcher.js";
import { attachTerminalHandlers } from "./terminal/socket-handlers.js";
import type { TerminalCommandWrapper } from "./terminal/spawn-command.js";
import { attachWorkspaceHandlers } from "./workspace/socket-handlers.js";

export type WorkerSocket = Socket<WorkerServerToClientEvents, WorkerClientToServerEvents>;

export interface WorkerClientOptions {
  hubUrl: string;
  token: string;
  workerId: string;
  name: string;
  roots: string[];
  /** Status lines for people ("connected", "running ...", "reconnecting in 2.1s"). */
  status?: (line: string) => void;
  /** Called when the hub refuses the worker for good (bad token, other protocol). */
  onFatal?: (reason: string) => void;
  reconnect?: { baseMs?: number; maxMs?: number };
  /** Longest a call may run, whatever it asks for. */
  maxCallMs?: number;
  /** How long finished results are kept for redelivery after a reconnect. */
  keepResultsMs?: number;
  /** The sandbox mode commands run in, told to the hub (and `sandbox`, which applies it). */
  sandboxMode?: SandboxMode;
  sandbox?: CommandSandbox;
  /** MCP tools offered to the hub and called as `mcp__SERVER__TOOL`. */
  mcp?: McpToolHost;
  /** Workdir snapshots for per-turn diffs and undo; absent: the hub's checkpoint requests answer "off". */
  checkpoints?: Checkpoints;
  /** Wraps terminal commands the way the worker's sandbox wraps tool commands. */
  terminalWrapper?: TerminalCommandWrapper;
}

interface Running {
  sessionId: string;
  controller: AbortController;
  done: Promise<ToolResult>;
}

/** Refusals that retrying cannot fix. */
const FATAL_CODES = new Set(["unauthorized", "protocol_mismatch", "invalid_request"]);

/**
 * The worker's side of the `/worker` namespace: one persistent connection, reconnecting
 * forever with backoff and jitter; runs `agent_tool_call`s inside its roots and answers
 * through the ack; keeps results until the hub has them, and sends them again after a
 * reconnect (the hub ignores duplicates by callId).
 */
export class WorkerClient {
  private readonly socket: WorkerSocket;
  private readonly running = new Map<string, Running>();
  /** Finished results not yet confirmed by the hub: callId -> result, sessionId, finish time. */
  private readonly finished = new Map<string, { result: ToolResult; sessionId: string; at: number }>();
  private attempt = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly options: WorkerClientOptions) {
    this.socket = io(`${options.hubUrl.replace(/\/$/, "")}${WORKER_NAMESPACE}`, {
      auth: {
        token: options.token,
        workerId: options.workerId,
        name: options.name,
        roots: options.roots,
        version: PROTOCOL_VERSION,
        capabilities: ["instructions"],
        ...(options.sandboxMode ? { sandbox: options.sandboxMode } : {}),
        checkpoints: options.checkpoints !== undefined && options.checkpoints.offReason === undefined,
      },
      transports: ["websocket"],
      reconnection: false, // our own loop, so the status line can say when
      autoConnect: false,
    });
    this.socket.on("connect", () => this.onConnect());
    this.socket.on("disconnect", (reason) => this.scheduleReconnect(`disconnected: ${reason}`));
    this.socket.on("connect_error", (error: Error & { data?: { code?: string } }) => {
      const code = error.data?.code;
      if (code && FATAL_CODES.has(code)) {
        this.stop();
        this.options.onFatal?.(`the hub refused this worker (${code}): ${error.message}`);
        return;
      }
      this.scheduleReconnect(`cannot reach the hub: ${error.message}`);
    });
    this.socket.on("agent_tool_call", (payload, ack) => void this.onCall(payload, ack));
    this.socket.on("instructions:read", (payload, ack) => void answerInstructionsRead(payload, options.roots).then(ack));
    this.socket.on("checkpoint", (payload, ack) => {
      const parsed = CheckpointRequest.safeParse(payload);
      if (!parsed.success) return ack({ ok: false, error: { code: "invalid_request", message: summarizeIssues(parsed.error) } });
      const checkpoints = this.options.checkpoints;
      if (!checkpoints) return ack({ ok: false, error: { code: "unavailable", message: "this worker keeps no checkpoints" } });
      void checkpoints.handle(parsed.data).then(ack);
    });
    this.socket.on("tool:cancel", (payload) => {
      const parsed = ToolCancel.safeParse(payload);
      if (parsed.success) this.running.get(parsed.data.callId)?.controller.abort(new Error("canceled"));
    });
    attachWorkspaceHandlers(this.socket, options.roots, options.checkpoints);
    attachTerminalHandlers(this.socket, { roots: options.roots, ...(options.terminalWrapper ? { wrap: options.terminalWrapper } : {}) }, (line) => this.status(line));
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  start(): void {
    this.stopped = false;
    this.socket.connect();
  }

  /** Cancels running calls and closes the connection. */
  stop(): void {
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    for (const call of this.running.values()) call.controller.abort(new Error("worker stopping"));
    this.socket.disconnect();
  }

  private status(line: string): void {
    this.options.status?.(line);
  }

  private onConnect(): void {
    this.attempt = 0;
    this.status(`connected to ${this.options.hubUrl} as ${this.options.name} (${this.options.workerId}); roots: ${this.options.roots.join(", ")}`);
    // Results first, then which calls are still running: the hub settles the rest.
    this.pruneFinished();
    for (const callId of this.finished.keys()) this.redeliver(callId);
    this.socket.emit("worker:resume", { running: [...this.running.keys()] }, () => undefined);
    this.announceTools();
  }

  /** Tells the hub which MCP tools this worker offers (after every connect, and when they change). */
  announceTools(): void {
    if (!this.socket.connected) return; // sent on the next connect
    const tools = this.options.mcp?.tools() ?? [];
    this.socket.emit("worker:tools", { tools }, (res) => {
      if (!res.ok) this.status(`the hub refused the tool list: ${res.error.message}`);
    });
  }

  /** Sends a kept result as `tool:result`; forgets it once the hub has it. */
  private redeliver(callId: string): void {
    const entry = this.finished.get(callId);
    if (!entry) return;
    this.socket.emit("tool:result", { ...entry.result, sessionId: entry.sessionId }, (res) => {
      if (res.ok) this.finished.delete(callId);
    });
  }

  /** Drops kept results older than `keepResultsMs`. */
  private pruneFinished(): void {
    const keepMs = this.options.keepResultsMs ?? 60_000;
    for (const [callId, entry] of this.finished) if (Date.now() - entry.at > keepMs) this.finished.delete(callId);
  }

  private scheduleReconnect(reason: string): void {
    if (this.stopped || this.reconnectTimer) return;
    const { baseMs = 500, maxMs = 15_000 } = this.options.reconnect ?? {};
    const window = Math.min(maxMs, baseMs * 2 ** Math.min(this.attempt++, 16));
    const delay = Math.round(window * (0.5 + Math.random() * 0.5));
    this.status(`${reason}; reconnecting in ${(delay / 1000).toFixed(1)}s`);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (!this.stopped) this.socket.connect();
    }, delay);
  }

  private async onCall(payload: unknown, ack: (result: ToolResult) => void): Promise<void> {
    const parsed = AgentToolCall.safeParse(payload);
    if (!parsed.success) {
      const callId = typeof (payload as { callId?: unknown } | null)?.callId === "string" ? (payload as { callId: string }).callId : "invalid";
      ack({ callId, ok: false, output: "", durationMs: 0, error: `invalid agent_tool_call: ${summarizeIssues(parsed.error)}` });
      return;
    }
    const call = parsed.data;
    // The same call again (the hub retried): answer from what we have, never run twice.
    const done = this.finished.get(call.callId);
    if (done) return ack(done.result);
    const connectionAtStart = this.socket.id;
    const existing = this.running.get(call.callId);
    const result = await (existing?.done ?? this.execute(call));
    if (!this.socket.connected) return; // sent again by onConnect
    if (this.socket.id === connectionAtStart) {
      ack(result);
    } else {
      // The connection this call came on is gone (its ack with it): deliver on the new one.
      this.redeliver(call.callId);
    }
  }

  /** Runs one call: refused, an MCP tool, or shell / apply_patch (in the sandbox, when the worker has one). */
  private run(call: AgentToolCall, signal: AbortSignal, onOutput: (stream: ToolStream, chunk: string) => void): Promise<ToolResult> {
    const timeoutMs = Math.min(call.timeoutMs, this.options.maxCallMs ?? 60 * 60_000);
    const failed = (error: string) => Promise.resolve<ToolResult>({ callId: call.callId, ok: false, output: "", durationMs: 0, error });
    // The read-only sandbox covers patches too (they are written by the worker itself).
    if (call.tool === "apply_patch" && this.options.sandboxMode === "read-only") return failed("this worker runs with --sandbox read-only: apply_patch cannot change files");
    if (isMcpToolName(call.tool)) {
      if (!this.options.mcp) return failed(`unknown MCP tool ${JSON.stringify(call.tool)}; this worker offers no MCP tools`);
      return this.options.mcp.call({ callId: call.callId, tool: call.tool, args: call.args, timeoutMs, signal, onOutput: (text) => onOutput("stdout", text) });
    }
    return executeWorkerTool({
      callId: call.callId,
      tool: call.tool,
      args: call.args,
      workdir: call.workdir,
      roots: this.options.roots,
      timeoutMs,
      signal,
      onOutput,
      ...(this.options.sandbox ? { sandbox: this.options.sandbox } : {}),
    });
  }

  /** The turn's first change waits for its checkpoint; a failed one is reported, never blocks the call. */
  private async checkpointBefore(call: AgentToolCall): Promise<void> {
    if (!call.turnId || !this.options.checkpoints) return;
    try {
      await this.options.checkpoints.beforeChange(call.workdir, call.turnId, call.sessionId);
    } catch (error) {
      this.status(`checkpoint before turn ${call.turnId} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private execute(call: AgentToolCall): Promise<ToolResult> {
    const controller = new AbortController();
    const command = call.tool === "shell" && Array.isArray(call.args.command) ? (call.args.command as unknown[]).join(" ") : call.tool;
    this.status(`running ${call.tool} ${call.tool === "shell" ? `\`${command.slice(0, 120)}\` ` : ""}in session ${call.sessionId}`);
    const batcher = new OutputBatcher((stream, chunk) => {
      if (this.socket.connected) this.socket.emit("tool:output", { callId: call.callId, sessionId: call.sessionId, stream, chunk });
    });
    const done = this.checkpointBefore(call).then(() => this.run(call, controller.signal, (stream, chunk) => batcher.push(stream, chunk))).then((result) => {
      batcher.flush();
      this.running.delete(call.callId);
      this.pruneFinished();
      this.finished.set(call.callId, { result, sessionId: call.sessionId, at: Date.now() });
      this.status(`${call.tool} in session ${call.sessionId} finished: ${result.ok ? "ok" : `failed (${result.error ?? `exit ${result.exitCode}`})`} in ${result.durationMs} ms`);
      return result;
    });
    this.running.set(call.callId, { sessionId: call.sessionId, controller, done });
    return done;
  }
}
