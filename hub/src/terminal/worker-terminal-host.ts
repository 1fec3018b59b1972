import type { AckError } from "@aiflare/protocol";
import { HubError, WorkerUnavailableError } from "../errors.js";
import type { WorkerRegistry } from "../registry/workers.js";
import type { WorkerSocket } from "../socket/worker-namespace.js";
import { hubErrorFromAck } from "../tools/workspace-runner.js";
import type { TerminalHost } from "./terminal-host.js";

/** Terminals on a remote worker: `terminal:*` events over its socket; output comes back through the worker namespace. */
export class WorkerTerminalHost implements TerminalHost {
  constructor(
    private readonly workers: WorkerRegistry<WorkerSocket>,
    private readonly workerId: string,
  ) {}

  async open(request: { terminalId: string; sessionId: string; workdir: string; cols: number; rows: number }): Promise<void> {
    const socket = this.socket();
    if (!socket) throw new WorkerUnavailableError(`worker ${this.workers.get(this.workerId)?.name ?? this.workerId} is offline`);
    let ack: { ok: true } | AckError;
    try {
      ack = await socket.timeout(15_000).emitWithAck("terminal:open", request);
    } catch {
      throw new HubError("timeout", "the worker did not start the terminal in time", 504);
    }
    if (!ack.ok) throw hubErrorFromAck(ack);
  }

  input(terminalId: string, data: string): void {
    this.socket()?.emit("terminal:input", { terminalId, data });
  }

  resize(terminalId: string, cols: number, rows: number): void {
    this.socket()?.emit("terminal:resize", { terminalId, cols, rows });
  }

  close(terminalId: string): void {
    this.socket()?.emit("terminal:close", { terminalId });
  }

  private socket(): WorkerSocket | undefined {
    const socket = this.workers.connectionOf(this.workerId);
    return socket?.connected ? socket : undefined;
  }
}
