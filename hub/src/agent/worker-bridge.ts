import { ToolResult, type AgentToolCall, type SessionSummary, type WorkerTool } from "@aiflare/protocol";
import type { Logger } from "../logger.js";
import type { WorkerRegistry } from "../registry/workers.js";
import type { WorkerSocket } from "../socket/worker-namespace.js";

/** Extra time the hub gives a worker beyond the call's own timeout before it stops waiting. */
const ACK_GRACE_MS = 30_000;

/**
 * Sends a tool call to the session's worker as `agent_tool_call` and waits for the ack,
 * raced against the worker disconnecting and the turn being canceled (which also sends
 * `tool:cancel`). Knows which calls are in flight, so stray `tool:output` is refused.
 */
export class WorkerBridge {
  private readonly inFlight = new Map<string, { sessionId: string; workerId: string }>();

  constructor(private readonly options: { workers: WorkerRegistry<WorkerSocket>; logger?: Pick<Logger, "warn"> }) {}

  /** Whether `callId` is running for this session on this worker. */
  isActive(callId: string, sessionId: string, workerId: string): boolean {
    const call = this.inFlight.get(callId);
    return call !== undefined && call.sessionId === sessionId && call.workerId === workerId;
  }

  async run(session: SessionSummary, call: { callId: string; tool: WorkerTool; args: Record<string, unknown>; timeoutMs: number }, signal: AbortSignal): Promise<ToolResult> {
    const started = Date.now();
    const failed = (error: string): ToolResult => ({ callId: call.callId, ok: false, output: "", durationMs: Date.now() - started, error });
    const socket = this.options.workers.connectionOf(session.workerId);
    if (!socket?.connected) return failed(`worker ${session.workerId} is offline`);
    const payload: AgentToolCall = { callId: call.callId, sessionId: session.id, workdir: session.workdir, tool: call.tool, args: call.args, timeoutMs: call.timeoutMs };
    this.inFlight.set(call.callId, { sessionId: session.id, workerId: session.workerId });
    const cleanups: (() => void)[] = [];
    try {
      return await new Promise<ToolResult>((resolve) => {
        const onDisconnect = () => resolve(failed(`worker ${session.workerId} disconnected during the call`));
        socket.once("disconnect", onDisconnect);
        cleanups.push(() => socket.off("disconnect", onDisconnect));
        const onAbort = () => socket.emit("tool:cancel", { callId: call.callId });
        signal.addEventListener("abort", onAbort, { once: true });
        cleanups.push(() => signal.removeEventListener("abort", onAbort));
        socket
          .timeout(call.timeoutMs + ACK_GRACE_MS)
          .emitWithAck("agent_tool_call", payload)
          .then(
            (raw: unknown) => {
              const parsed = ToolResult.safeParse(raw);
              if (!parsed.success || parsed.data.callId !== call.callId) {
                this.options.logger?.warn({ callId: call.callId }, "worker sent a malformed tool result");
                resolve(failed("the worker sent a malformed result"));
              } else resolve(parsed.data);
            },
            () => resolve(failed(`the worker did not answer within ${Math.round((call.timeoutMs + ACK_GRACE_MS) / 1000)}s`)),
          );
      });
    } finally {
      for (const cleanup of cleanups) cleanup();
      this.inFlight.delete(call.callId);
    }
  }
}
