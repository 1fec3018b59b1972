import { TerminalInputPayload, TerminalOpenPayload, TerminalRefPayload, TerminalResizePayload } from "@aiflare/protocol";
import type { Socket } from "socket.io";
import { NotFoundError } from "../errors.js";
import type { Logger } from "../logger.js";
import type { SessionStore } from "../store/session-store.js";
import type { TerminalRelay, TerminalViewer } from "../terminal/terminal-relay.js";
import { acked } from "./ack.js";

/** The `/browser` terminal events of one socket: open, attach, detach, input, resize, close (all acked). */
export function attachTerminalHandlers(socket: Socket, deps: { logger: Logger; store: SessionStore; terminals: TerminalRelay }): void {
  const { logger, store, terminals } = deps;
  const viewer = socket as unknown as TerminalViewer;
  const on = (event: string, listener: (...args: unknown[]) => void) => socket.on(event, listener);
  const ok = { ok: true as const };

  on(
    "terminal:open",
    acked(logger, "terminal:open", TerminalOpenPayload, async ({ sessionId, cols, rows }) => {
      const session = store.get(sessionId);
      if (!session) throw new NotFoundError(`session ${sessionId} not found`);
      return { ok: true as const, terminalId: await terminals.open(viewer, session, { cols, rows }) };
    }),
  );
  on("terminal:attach", acked(logger, "terminal:attach", TerminalRefPayload, ({ terminalId }) => ({ ok: true as const, scrollback: terminals.attach(viewer, terminalId) })));
  on(
    "terminal:detach",
    acked(logger, "terminal:detach", TerminalRefPayload, ({ terminalId }) => {
      terminals.detach(socket.id, terminalId);
      return ok;
    }),
  );
  on(
    "terminal:input",
    acked(logger, "terminal:input", TerminalInputPayload, ({ terminalId, data }) => {
      terminals.input(terminalId, data);
      return ok;
    }),
  );
  on(
    "terminal:resize",
    acked(logger, "terminal:resize", TerminalResizePayload, ({ terminalId, cols, rows }) => {
      terminals.resize(terminalId, cols, rows);
      return ok;
    }),
  );
  on(
    "terminal:close",
    acked(logger, "terminal:close", TerminalRefPayload, ({ terminalId }) => {
      terminals.close(terminalId);
      return ok;
    }),
  );
  socket.on("disconnect", () => terminals.viewerGone(socket.id));
}
