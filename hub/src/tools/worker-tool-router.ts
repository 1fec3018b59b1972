import { ToolInfrastructureError } from "@aiflare/core";
import { CheckpointAck, ToolResult, type AgentToolCall, type CheckpointRequest, type RedeliveredResult, type SessionSummary } from "@aiflare/protocol";
import { WorkerUnavailableError } from "../errors.js";
import type { Logger } from "../logger.js";
import type { WorkerRegistry } from "../registry/workers.js";
import type { WorkerSocket } from "../socket/worker-namespace.js";
import { ToolTimeoutError, type ToolResultBroker } from "./tool-result-broker.js";
import type { ToolRunner, WorkerToolCall } from "./tool-runner.js";

/** How long a checkpoint (a snapshot of a large workdir) may take on the worker. */
const CHECKPOINT_TIMEOUT_MS = 5 * 60_000;
/** A turn's end waits at most this for its snapshot (the index is warm from its begin snapshot). */
const END_CHECKPOINT_TIMEOUT_MS = 60_000;
/** Extra time beyond a call's own timeout before the hub stops waiting for its worker. */
const ACK_GRACE_MS = 30_000;
/** After `tool:cancel`, how long the hub waits for the worker's canceled result. */
const CANCEL_WAIT_MS = 3000;

/** The worker is gone: it dropped past the grace window or restarted (a call), or disconnected before it answered (`ask`). */
export class WorkerGoneError extends Error {}

/** Where a worker's calls go: its socket on this hub, or (cluster) its connection on another node. */
export interface WorkerLink {
  /** Sends the call and resolves with the worker's ack (rejects on timeout or a lost connection). */
  call(payload: AgentToolCall, waitMs: number): Promise<unknown>;
  cancel(callId: string): void;
  /** Any other request the worker answers by ack (`workspace:*`, `terminal:open`, `instructions:read`): its answer; rejects on timeout or when the worker is gone. */
  ask(event: "workspace:diff" | "workspace:tree" | "workspace:file" | "terminal:open" | "instructions:read" | "checkpoint", payload: object, waitMs: number): Promise<unknown>;
  /** What the worker said it can do in its handshake (`instructions`: it answers `instructions:read`). */
  capabilities: readonly string[];
  /** The worker keeps checkpoints (its handshake's `checkpoints`: it has git). */
  checkpoints: boolean;
}

/** What a worker's handshake says it can do (nothing, where absent or malformed). */
export function abilitiesOf(handshake: { auth?: unknown }): Pick<WorkerLink, "capabilities" | "checkpoints"> {
  const auth = handshake.auth as { capabilities?: unknown; checkpoints?: unknown } | undefined;
  const listed = auth?.capabilities;
  return { capabilities: Array.isArray(listed) ? listed.filter((item): item is string => typeof item === "string") : [], checkpoints: auth?.checkpoints === true };
}

/** Sends a worker an event that needs no answer (terminal keystrokes, size, close). */
export type WorkerTell = (workerId: string, event: "terminal:input" | "terminal:resize" | "terminal:close", payload: object) => void;

/** A worker connected to this hub. */
function socketLink(socket: WorkerSocket): WorkerLink {
  return {
    call: (payload, waitMs) => socket.timeout(waitMs).emitWithAck("agent_tool_call", payload),
    cancel: (callId) => void socket.emit("tool:cancel", { callId }),
    ask: async (event, payload, waitMs) => {
      try {
        // socket.io's timeout() typing loses the ack type; the event map in protocol/ states it.
        return await (socket.timeout(waitMs) as unknown as { emitWithAck(event: string, payload: unknown): Promise<unknown> }).emitWithAck(event, payload);
      } catch (error) {
        if (!socket.connected) throw new WorkerGoneError("the worker disconnected before it answered");
        throw error;
      }
    },
    ...abilitiesOf(socket.handshake),
  };
}

/** Finds a worker not connected to this hub (cluster: on another node). */
export type RemoteWorkerLinks = (workerId: string) => Promise<WorkerLink | undefined>;

/** A worker's link: its socket on this hub, or (cluster) its connection on another node; undefined when it is on none. */
export async function workerLinkOf(workers: WorkerRegistry<WorkerSocket>, remote: RemoteWorkerLinks | undefined, workerId: string): Promise<WorkerLink | undefined> {
  const socket = workers.connectionOf(workerId);
  if (socket?.connected) return socketLink(socket);
  return remote?.(workerId);
}

interface InFlight {
  sessionId: string;
  workerId: string;
  graceTimer?: NodeJS.Timeout;
}

export interface WorkerToolRouterOptions {
  workers: WorkerRegistry<WorkerSocket>;
  broker: ToolResultBroker;
  /** How long a worker that dropped may take to come back before its calls fail. */
  disconnectGraceMs?: number;
  logger?: Pick<Logger, "warn" | "info">;
  /** Finds a worker that is not connected here (cluster: on another node); none by default. */
  remote?: RemoteWorkerLinks;
}

/**
 * cli mode: sends `agent_tool_call` to the session's worker with
 * `socket.timeout(ms).emitWithAck` and feeds the ack to the ToolResultBroker. If the worker
 * drops, its calls wait a short grace window for it to come back and redeliver or resume;
 * otherwise they fail with a clear error, so a session never hangs.
 */
export class WorkerToolRouter implements ToolRunner {
  private readonly inFlight = new Map<string, InFlight>();

  constructor(private readonly options: WorkerToolRouterOptions) {}

  /** Whether `callId` is running for this session on this worker (guards tool:output and redelivery). */
  isActive(callId: string, sessionId: string, workerId: string): boolean {
    const call = this.inFlight.get(callId);
    return call !== undefined && call.sessionId === sessionId && call.workerId === workerId;
  }

  async run(session: SessionSummary, call: WorkerToolCall, signal: AbortSignal): Promise<ToolResult> {
    const started = Date.now();
    const failed = (error: string): ToolResult => ({ callId: call.callId, ok: false, output: "", durationMs: Date.now() - started, error });
    const link = await this.linkOf(session.workerId);
    if (!link) throw new ToolInfrastructureError(`worker ${this.nameOf(session.workerId)} is offline`);
    const { broker } = this.options;
    const waitMs = call.timeoutMs + ACK_GRACE_MS;
    this.inFlight.set(call.callId, { sessionId: session.id, workerId: session.workerId });
    const result = broker.waitForResult(call.callId, waitMs);
    const payload: AgentToolCall = { callId: call.callId, sessionId: session.id, workdir: session.workdir, tool: call.tool, args: call.args, timeoutMs: call.timeoutMs, ...(call.turnId ? { turnId: call.turnId } : {}) };
    link
      .call(payload, waitMs)
      .then(
        (raw: unknown) => {
          const parsed = ToolResult.safeParse(raw);
          if (parsed.success && parsed.data.callId === call.callId) broker.resolve(call.callId, parsed.data);
          else {
            this.options.logger?.warn({ callId: call.callId, workerId: session.workerId }, "worker sent a malformed tool result");
            broker.resolve(call.callId, failed("the worker sent a malformed result"));
          }
        },
        // Timeout or a dropped connection: the broker's timeout and the disconnect grace decide.
        () => undefined,
      );
    let cancelTimer: NodeJS.Timeout | undefined;
    const onAbort = () => {
      void this.linkOf(session.workerId).then((current) => current?.cancel(call.callId));
      cancelTimer = setTimeout(() => broker.cancel(call.callId), CANCEL_WAIT_MS);
    };
    signal.addEventListener("abort", onAbort, { once: true });
    try {
      return await result;
    } catch (error) {
      // The worker vanished or stopped answering: the turn fails (the call still gets this as output).
      if (!signal.aborted && (error instanceof WorkerGoneError || error instanceof ToolTimeoutError)) throw new ToolInfrastructureError(error.message);
      return failed(error instanceof Error ? error.message : String(error));
    } finally {
      signal.removeEventListener("abort", onAbort);
      clearTimeout(cancelTimer);
      clearTimeout(this.inFlight.get(call.callId)?.graceTimer);
      this.inFlight.delete(call.callId);
    }
  }

  /** Sends a checkpoint request to the session's worker (connected here or, in a cluster, to another node); its ack is the answer. */
  async checkpoint(session: SessionSummary, request: CheckpointRequest): Promise<CheckpointAck> {
    const link = await this.linkOf(session.workerId);
    if (!link) throw new WorkerUnavailableError(`worker ${this.nameOf(session.workerId)} is offline`);
    if (!link.checkpoints) {
      return { ok: false, error: { code: "unavailable", message: `worker ${this.nameOf(session.workerId)} keeps no checkpoints (it has no git, or is an older version)` } };
    }
    let raw: unknown;
    try {
      raw = await link.ask("checkpoint", request, request.op === "end" ? END_CHECKPOINT_TIMEOUT_MS : CHECKPOINT_TIMEOUT_MS);
    } catch {
      throw new WorkerUnavailableError(`worker ${this.nameOf(session.workerId)} did not answer the checkpoint request`);
    }
    const parsed = CheckpointAck.safeParse(raw);
    return parsed.success ? parsed.data : { ok: false, error: { code: "failed", message: "the worker sent a malformed checkpoint answer" } };
  }

  /** The worker's connection dropped: its calls get a grace window to come back. */
  workerDisconnected(workerId: string): void {
    const graceMs = this.options.disconnectGraceMs ?? 5000;
    for (const [callId, call] of this.inFlight) {
      if (call.workerId !== workerId || call.graceTimer) continue;
      call.graceTimer = setTimeout(() => {
        this.options.broker.reject(callId, new WorkerGoneError(`worker ${this.nameOf(workerId)} disconnected and did not come back within ${Math.round(graceMs / 1000)}s`));
      }, graceMs);
    }
  }

  /** A redelivered result (after a reconnect). Ignored unless that call is still waiting. */
  redelivered(workerId: string, result: RedeliveredResult): void {
    if (!this.isActive(result.callId, result.sessionId, workerId)) return;
    const { sessionId: _sessionId, ...toolResult } = result;
    this.options.broker.resolve(result.callId, toolResult);
  }

  /** The worker is back and says which calls it still runs; the others it lost (it restarted). */
  resumed(workerId: string, running: readonly string[]): void {
    const still = new Set(running);
    for (const [callId, call] of this.inFlight) {
      if (call.workerId !== workerId) continue;
      if (still.has(callId)) {
        clearTimeout(call.graceTimer);
        call.graceTimer = undefined;
      } else {
        this.options.broker.reject(callId, new WorkerGoneError(`worker ${this.nameOf(workerId)} restarted and lost this call`));
      }
    }
  }

  private linkOf(workerId: string): Promise<WorkerLink | undefined> {
    return workerLinkOf(this.options.workers, this.options.remote, workerId);
  }

  private nameOf(workerId: string): string {
    const worker = this.options.workers.get(workerId);
    return worker ? `${worker.name} (${workerId})` : workerId;
  }
}
