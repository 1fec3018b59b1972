import type { Socket } from "socket.io";
import type { Logger } from "../logger.js";
import type { SessionStore } from "../store/session-store.js";
import type { TerminalRelay } from "../terminal/terminal-relay.js";
/** The `/browser` terminal events of one socket: open, attach, detach, input, resize, close (all acked). */
export declare function attachTerminalHandlers(socket: Socket, deps: {
    logger: Logger;
    store: SessionStore;
    terminals: TerminalRelay;
}): void;
//# sourceMappingURL=terminal-handlers.d.ts.map