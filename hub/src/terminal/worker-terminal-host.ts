import type { AckError } from "@aiflare/protocol";
import { HubError, WorkerUnavailableError } from "../errors.js";
import type { WorkerRegistry } from "../registry/workers.js";
import type { WorkerSocket } from "../socket/worker-namespace.js";
import { workerLinkOf, type RemoteWorkerLinks, type WorkerTell } from "../tools/worker-tool-router.js";
import { hubErrorFromAck } from "../tools/workspace-runner.js";
import type { TerminalHost } from "./terminal-host.js";

/** A cluster's way to a worker connected to another node. */
export interface RemoteWorkerAccess {
  link: RemoteWorkerLinks;
  tell: WorkerTell;
}

/**
 * Terminals on a remote worker: `terminal:*` events over its socket, or (cluster) through the
 * node it is connected to; output comes back through the worker namespace (and the cluster bus).
 */
export class WorkerTerminalHost implements TerminalHost {
  constructor(
    private readonly workers: WorkerRegistry<WorkerSocket>,
    private readonly workerId: string,
    private readonly remote?: RemoteWorkerAccess,
  ) {}

  async open(request: { terminalId: string; sessionId: string; workdir: string; cols: number; rows: number }): Promise<void> {
    const link = await workerLinkOf(this.workers, this.remote?.link, this.workerId);
    if (!link) throw new WorkerUnavailableError(`worker ${this.workers.get(this.workerId)?.name ?? this.workerId} is offline`);
    let ack: { ok: true } | AckError;
    try {
      ack = (await link.ask("terminal:open", request, 15_000)) as { ok: true } | AckError;
    } catch {
      throw new HubError("timeout", "the worker did not start the terminal in time", 504);
    }
    if (!ack.ok) throw hubErrorFromAck(ack);
  }

  input(terminalId: string, data: string): void {
    this.tell("terminal:input", { terminalId, data });
  }

  resize(terminalId: string, cols: number, rows: number): void {
    this.tell("terminal:resize", { terminalId, cols, rows });
  }

  close(terminalId: string): void {
    this.tell("terminal:close", { terminalId });
  }

  private tell(event: "terminal:input" | "terminal:resize" | "terminal:close", payload: { terminalId: string; [field: string]: unknown }): void {
    const socket = this.socket();
    if (socket) (socket as unknown as { emit(event: string, payload: unknown): void }).emit(event, payload);
    else this.remote?.tell(this.workerId, event, payload);
  }

  private socket(): WorkerSocket | undefined {
    const socket = this.workers.connectionOf(this.workerId);
    return socket?.connected ? socket : undefined;
  }
}
