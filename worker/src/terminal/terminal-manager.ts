import { realDirInsideRoots } from "@aiflare/core";
import type * as NodePty from "@lydell/node-pty";
import { defaultTerminalCommand, terminalSpawnCommand, type TerminalCommandWrapper } from "./spawn-command.js";

/** The part of node-pty's IPty the manager uses. */
interface Pty {
  onData(listener: (data: string) => void): unknown;
  onExit(listener: (event: { exitCode: number; signal?: number }) => void): unknown;
  write(data: string): void;
  resize(cols: number, rows: number): void;
  kill(signal?: string): void;
}

/** Where a terminal's output and end go. */
export interface TerminalHandlers {
  onOutput(terminalId: string, data: string): void;
  onExit(terminalId: string, exit: { exitCode?: number; signal?: number; reason?: string }): void;
}

export interface TerminalManagerOptions extends TerminalHandlers {
  roots: readonly string[];
  /** The sandbox's wrapper for terminal commands (see spawn-command.ts). */
  wrap?: TerminalCommandWrapper;
  /** Output is sent in pieces at most this often (ms). */
  batchMs?: number;
  /** Most terminals open at once. */
  maxTerminals?: number;
}

interface Open {
  pty: Pty;
  pending: string;
  timer?: NodeJS.Timeout;
}

/** node-pty is loaded on first use, so a worker that never opens a terminal never loads the native module. */
let ptyModule: Promise<typeof NodePty> | undefined;

/**
 * The pseudo-terminals of one worker (or of the hub's local worker): node-pty processes in a
 * session's workdir, their output batched (a few ms) and handed on; closed on request, when
 * their process ends, or all at once when the connection to the hub is lost.
 */
export class TerminalManager {
  private readonly terminals = new Map<string, Open>();

  constructor(private readonly options: TerminalManagerOptions) {}

  /** Starts a shell in `workdir` (which must be inside the roots). */
  async open(request: { terminalId: string; workdir: string; cols: number; rows: number }): Promise<void> {
    if (this.terminals.has(request.terminalId)) return;
    if (this.terminals.size >= (this.options.maxTerminals ?? 32)) throw new Error(`too many terminals open (${this.terminals.size})`);
    const cwd = await realDirInsideRoots(request.workdir, this.options.roots);
    const command = terminalSpawnCommand(defaultTerminalCommand(cwd), this.options.wrap);
    const { spawn } = await (ptyModule ??= import("@lydell/node-pty"));
    const pty: Pty = spawn(command.file, command.args, { name: "xterm-256color", cols: request.cols, rows: request.rows, cwd: command.cwd, env: command.env });
    const open: Open = { pty, pending: "" };
    this.terminals.set(request.terminalId, open);
    pty.onData((data) => this.buffer(request.terminalId, open, data));
    pty.onExit(({ exitCode, signal }) => {
      if (this.terminals.get(request.terminalId) !== open) return; // closed on purpose: already reported
      this.flush(request.terminalId, open);
      this.terminals.delete(request.terminalId);
      this.options.onExit(request.terminalId, { exitCode, ...(signal ? { signal } : {}) });
    });
  }

  input(terminalId: string, data: string): void {
    this.terminals.get(terminalId)?.pty.write(data);
  }

  resize(terminalId: string, cols: number, rows: number): void {
    try {
      this.terminals.get(terminalId)?.pty.resize(cols, rows);
    } catch {
      // the process is exiting; its exit event follows
    }
  }

  /** Ends a terminal's process (SIGHUP, as when a terminal window closes). */
  close(terminalId: string, reason = "closed"): void {
    const open = this.terminals.get(terminalId);
    if (!open) return;
    this.terminals.delete(terminalId);
    clearTimeout(open.timer);
    try {
      open.pty.kill("SIGHUP");
    } catch {
      // already gone
    }
    this.options.onExit(terminalId, { reason });
  }

  closeAll(reason: string): void {
    for (const terminalId of [...this.terminals.keys()]) this.close(terminalId, reason);
  }

  get size(): number {
    return this.terminals.size;
  }

  private buffer(terminalId: string, open: Open, data: string): void {
    open.pending += data;
    if (open.pending.length >= 64 * 1024) return this.flush(terminalId, open);
    open.timer ??= setTimeout(() => this.flush(terminalId, open), this.options.batchMs ?? 8);
  }

  private flush(terminalId: string, open: Open): void {
    clearTimeout(open.timer);
    open.timer = undefined;
    if (open.pending === "") return;
    const data = open.pending;
    open.pending = "";
    this.options.onOutput(terminalId, data);
  }
}
