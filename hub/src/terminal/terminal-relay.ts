import { randomUUID } from "node:crypto";
import type { SessionSummary, TerminalExitPayload } from "@aiflare/protocol";
import { NotFoundError } from "../errors.js";
import type { TerminalHost, TerminalSink } from "./terminal-host.js";

/** A browser socket looking at terminals (only what the relay needs of it). */
export interface TerminalViewer {
  id: string;
  emit(event: "terminal:output", payload: { terminalId: string; data: string }): unknown;
  emit(event: "terminal:exit", payload: TerminalExitPayload): unknown;
}

interface Entry {
  id: string;
  sessionId: string;
  workerId: string;
  host: TerminalHost;
  viewers: Map<string, TerminalViewer>;
  /** The last output (up to SCROLLBACK chars), so a page that comes back redraws the screen. */
  scrollback: string;
  idleTimer?: NodeJS.Timeout;
}

const SCROLLBACK = 64 * 1024;

export interface TerminalRelayOptions {
  /** The host for a session's worker (remote over its socket, or in-process). */
  hostFor(session: SessionSummary): TerminalHost;
  /** How long a terminal lives with no viewer before it is closed (default one minute). */
  idleMs?: number;
}

/**
 * The hub's side of terminals: keeps which terminals exist, on which worker, and which
 * browser sockets view them; relays input down and output up; closes a terminal when a page
 * closes it, when its worker is lost, or after `idleMs` without a viewer.
 */
export class TerminalRelay implements TerminalSink {
  private readonly terminals = new Map<string, Entry>();

  constructor(private readonly options: TerminalRelayOptions) {}

  async open(viewer: TerminalViewer, session: SessionSummary, size: { cols: number; rows: number }): Promise<string> {
    const host = this.options.hostFor(session);
    const id = randomUUID();
    const entry: Entry = { id, sessionId: session.id, workerId: session.workerId, host, viewers: new Map([[viewer.id, viewer]]), scrollback: "" };
    this.terminals.set(id, entry); // before the worker starts it, so no early output is lost
    try {
      await host.open({ terminalId: id, sessionId: session.id, workdir: session.workdir, ...size });
    } catch (error) {
      this.terminals.delete(id);
      throw error;
    }
    return id;
  }

  /** Adds a viewer; returns the recent output to redraw. */
  attach(viewer: TerminalViewer, terminalId: string): string {
    const entry = this.entryOf(terminalId);
    entry.viewers.set(viewer.id, viewer);
    clearTimeout(entry.idleTimer);
    entry.idleTimer = undefined;
    return entry.scrollback;
  }

  detach(viewerId: string, terminalId: string): void {
    const entry = this.terminals.get(terminalId);
    if (!entry?.viewers.delete(viewerId) || entry.viewers.size > 0) return;
    entry.idleTimer = setTimeout(() => this.close(terminalId, "no viewer for a minute"), this.options.idleMs ?? 60_000);
    entry.idleTimer.unref();
  }

  /** A browser socket went away: it views nothing any more. */
  viewerGone(viewerId: string): void {
    for (const entry of this.terminals.values()) if (entry.viewers.has(viewerId)) this.detach(viewerId, entry.id);
  }

  input(terminalId: string, data: string): void {
    const entry = this.entryOf(terminalId);
    entry.host.input(terminalId, data);
  }

  resize(terminalId: string, cols: number, rows: number): void {
    this.entryOf(terminalId).host.resize(terminalId, cols, rows);
  }

  /** Ends a terminal and tells its viewers. */
  close(terminalId: string, reason = "closed"): void {
    const entry = this.terminals.get(terminalId);
    if (!entry) return;
    entry.host.close(terminalId);
    this.finish(entry, { terminalId, reason });
  }

  closeSession(sessionId: string): void {
    for (const entry of [...this.terminals.values()]) if (entry.sessionId === sessionId) this.close(entry.id, "the session was deleted");
  }

  /** The worker's connection is gone, and its terminals with it. */
  workerGone(workerId: string): void {
    for (const entry of [...this.terminals.values()]) if (entry.workerId === workerId) this.finish(entry, { terminalId: entry.id, reason: "the worker disconnected" });
  }

  closeAll(): void {
    for (const id of [...this.terminals.keys()]) this.close(id, "the hub is stopping");
  }

  /** Terminals open now (for tests and status). */
  get size(): number {
    return this.terminals.size;
  }

  /** False when this relay does not hold the terminal (another cluster node may). */
  output(workerId: string, terminalId: string, data: string): boolean {
    const entry = this.terminals.get(terminalId);
    if (!entry || entry.workerId !== workerId) return false; // only the worker running it may write to it
    entry.scrollback = (entry.scrollback + data).slice(-SCROLLBACK);
    for (const viewer of entry.viewers.values()) viewer.emit("terminal:output", { terminalId, data });
    return true;
  }

  exited(workerId: string, exit: TerminalExitPayload): boolean {
    const entry = this.terminals.get(exit.terminalId);
    if (!entry || entry.workerId !== workerId) return false;
    this.finish(entry, exit);
    return true;
  }

  private finish(entry: Entry, exit: TerminalExitPayload): void {
    if (this.terminals.get(entry.id) !== entry) return;
    this.terminals.delete(entry.id);
    clearTimeout(entry.idleTimer);
    for (const viewer of entry.viewers.values()) viewer.emit("terminal:exit", exit);
  }

  private entryOf(terminalId: string): Entry {
    const entry = this.terminals.get(terminalId);
    if (!entry) throw new NotFoundError(`terminal ${terminalId} not found (it ended)`);
    return entry;
  }
}
