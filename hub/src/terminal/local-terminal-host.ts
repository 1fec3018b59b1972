import { TerminalManager } from "@aiflare/worker";
import { LOCAL_WORKER_ID } from "../tools/tool-runner.js";
import type { TerminalHost, TerminalSink } from "./terminal-host.js";

/** Local mode: the worker's TerminalManager run inside the hub, confined to the built-in worker's roots. */
export class LocalTerminalHost implements TerminalHost {
  private readonly manager: TerminalManager;

  constructor(options: { roots: string[]; sink: TerminalSink }) {
    this.manager = new TerminalManager({
      roots: options.roots,
      onOutput: (terminalId, data) => options.sink.output(LOCAL_WORKER_ID, terminalId, data),
      onExit: (terminalId, exit) => options.sink.exited(LOCAL_WORKER_ID, { terminalId, ...exit }),
    });
  }

  open(request: { terminalId: string; workdir: string; cols: number; rows: number }): Promise<void> {
    return this.manager.open(request);
  }

  input(terminalId: string, data: string): void {
    this.manager.input(terminalId, data);
  }

  resize(terminalId: string, cols: number, rows: number): void {
    this.manager.resize(terminalId, cols, rows);
  }

  close(terminalId: string): void {
    this.manager.close(terminalId);
  }
}
