import { WorkerTerminalClose, WorkerTerminalInput, WorkerTerminalOpen, WorkerTerminalResize } from "@aiflare/protocol";
import type { WorkerSocket } from "../worker-client.js";
import { workspaceErrorAck } from "../workspace/socket-handlers.js";
import { TerminalManager, type TerminalManagerOptions } from "./terminal-manager.js";

/**
 * Serves the hub's terminal events on a worker connection: ptys live while this connection
 * does (the hub forgets them when it drops, so they are all closed then).
 */
export function attachTerminalHandlers(socket: WorkerSocket, options: Pick<TerminalManagerOptions, "roots" | "wrap">, status?: (line: string) => void): TerminalManager {
  const manager = new TerminalManager({
    ...options,
    onOutput: (terminalId, data) => {
      if (socket.connected) socket.emit("terminal:output", { terminalId, data });
    },
    onExit: (terminalId, exit) => {
      status?.(`terminal ${terminalId} ended${exit.reason ? ` (${exit.reason})` : ""}`);
      if (socket.connected) socket.emit("terminal:exit", { terminalId, ...exit });
    },
  });
  socket.on("terminal:open", (payload, ack) => {
    if (typeof ack !== "function") return;
    const parsed = WorkerTerminalOpen.safeParse(payload);
    if (!parsed.success) return ack({ ok: false, error: { code: "invalid_request", message: "invalid terminal:open" } });
    manager.open(parsed.data).then(
      () => {
        status?.(`terminal ${parsed.data.terminalId} opened in session ${parsed.data.sessionId}`);
        ack({ ok: true });
      },
      (error: unknown) => ack(workspaceErrorAck(error)),
    );
  });
  socket.on("terminal:input", (payload) => {
    const parsed = WorkerTerminalInput.safeParse(payload);
    if (parsed.success) manager.input(parsed.data.terminalId, parsed.data.data);
  });
  socket.on("terminal:resize", (payload) => {
    const parsed = WorkerTerminalResize.safeParse(payload);
    if (parsed.success) manager.resize(parsed.data.terminalId, parsed.data.cols, parsed.data.rows);
  });
  socket.on("terminal:close", (payload) => {
    const parsed = WorkerTerminalClose.safeParse(payload);
    if (parsed.success) manager.close(parsed.data.terminalId);
  });
  socket.on("disconnect", () => manager.closeAll("the worker lost its hub connection"));
  return manager;
}
