import type { BrowserClientToServerEvents, BrowserServerToClientEvents, TerminalExitPayload, TerminalOpenAck } from "@aiflare/protocol";
import type { Socket } from "socket.io-client";

interface Handlers {
  onData(data: string): void;
  onExit(exit: TerminalExitPayload): void;
}

/** One terminal as the page knows it. */
export interface TerminalInfo {
  id: string;
  sessionId: string;
  exit?: TerminalExitPayload;
}

type Listener = () => void;

/**
 * The page's terminals over the `/browser` socket: open, type, resize, close; output goes to
 * whichever view listens. The list per session lives here, so terminals outlive their panel
 * (the hub closes them a minute after the page stops looking). After a reconnect, every open
 * terminal is attached again.
 */
export class TerminalClient {
  private readonly handlers = new Map<string, Handlers>();
  private readonly terminals = new Map<string, TerminalInfo>();
  private readonly listeners = new Set<Listener>();
  private readonly pending = new Map<string, string>();

  constructor(private readonly socket: Socket<BrowserServerToClientEvents, BrowserClientToServerEvents>) {
    socket.on("terminal:output", ({ terminalId, data }) => {
      const handler = this.handlers.get(terminalId);
      if (handler) handler.onData(data);
      else if (this.terminals.has(terminalId)) this.pending.set(terminalId, (this.pending.get(terminalId) ?? "") + data);
    });
    socket.on("terminal:exit", (exit) => {
      const info = this.terminals.get(exit.terminalId);
      if (info) this.terminals.set(exit.terminalId, { ...info, exit });
      this.handlers.get(exit.terminalId)?.onExit(exit);
      this.changed();
    });
    socket.on("connect", () => {
      for (const info of this.terminals.values()) if (!info.exit) socket.emit("terminal:attach", { terminalId: info.id }, () => undefined);
    });
  }

  list(sessionId: string): TerminalInfo[] {
    return [...this.terminals.values()].filter((info) => info.sessionId === sessionId);
  }

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  async open(sessionId: string, cols: number, rows: number): Promise<string> {
    // socket.io-client's timeout() typing loses the ack type; the event map in protocol/ states it.
    const socket = this.socket.timeout(20_000) as unknown as { emitWithAck(event: string, payload: unknown): Promise<unknown> };
    const ack = (await socket.emitWithAck("terminal:open", { sessionId, cols, rows })) as TerminalOpenAck;
    if (!ack.ok) throw new Error(ack.error.message);
    this.terminals.set(ack.terminalId, { id: ack.terminalId, sessionId });
    this.changed();
    return ack.terminalId;
  }

  /** Routes a terminal's output to a view; output that came before the view is replayed. */
  listen(terminalId: string, handlers: Handlers): () => void {
    this.handlers.set(terminalId, handlers);
    const early = this.pending.get(terminalId);
    this.pending.delete(terminalId);
    if (early) handlers.onData(early);
    return () => {
      if (this.handlers.get(terminalId) === handlers) this.handlers.delete(terminalId);
    };
  }

  input(terminalId: string, data: string): void {
    this.socket.emit("terminal:input", { terminalId, data }, () => undefined);
  }

  resize(terminalId: string, cols: number, rows: number): void {
    this.socket.emit("terminal:resize", { terminalId, cols, rows }, () => undefined);
  }

  /** Ends the terminal on the worker and forgets it. */
  close(terminalId: string): void {
    if (!this.terminals.get(terminalId)?.exit) this.socket.emit("terminal:close", { terminalId }, () => undefined);
    this.terminals.delete(terminalId);
    this.handlers.delete(terminalId);
    this.changed();
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
