import { TerminalInputPayload, TerminalOpenPayload, TerminalRefPayload, TerminalResizePayload } from "@aiflare/protocol";
import { NotFoundError } from "../errors.js";
import { acked } from "./ack.js";
/** The `/browser` terminal events of one socket: open, attach, detach, input, resize, close (all acked). */
export function attachTerminalHandlers(socket, deps) {
    const { logger, store, terminals } = deps;
    const viewer = socket;
    const on = (event, listener) => socket.on(event, listener);
    const ok = { ok: true };
    on("terminal:open", acked(logger, "terminal:open", TerminalOpenPayload, async ({ sessionId, cols, rows }) => {
        const session = store.get(sessionId);
        if (!session)
            throw new NotFoundError(`session ${sessionId} not found`);
        return { ok: true, terminalId: await terminals.open(viewer, session, { cols, rows }) };
    }));
    on("terminal:attach", acked(logger, "terminal:attach", TerminalRefPayload, ({ terminalId }) => ({ ok: true, scrollback: terminals.attach(viewer, terminalId) })));
    on("terminal:detach", acked(logger, "terminal:detach", TerminalRefPayload, ({ terminalId }) => {
        terminals.detach(socket.id, terminalId);
        return ok;
    }));
    on("terminal:input", acked(logger, "terminal:input", TerminalInputPayload, ({ terminalId, data }) => {
        terminals.input(terminalId, data);
        return ok;
    }));
    on("terminal:resize", acked(logger, "terminal:resize", TerminalResizePayload, ({ terminalId, cols, rows }) => {
        terminals.resize(terminalId, cols, rows);
        return ok;
    }));
    on("terminal:close", acked(logger, "terminal:close", TerminalRefPayload, ({ terminalId }) => {
        terminals.close(terminalId);
        return ok;
    }));
    socket.on("disconnect", () => terminals.viewerGone(socket.id));
}
//# sourceMappingURL=terminal-handlers.js.map