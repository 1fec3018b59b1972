import { type BrowserClientToServerEvents, type BrowserServerToClientEvents } from "@aiflare/protocol";
import type { Namespace, Server } from "socket.io";
import type { PromptIntake } from "../attachments/prompt-intake.js";
import type { Logger } from "../logger.js";
import type { WorkerRegistry } from "../registry/workers.js";
import type { TurnController } from "../runner/turn-controller.js";
import type { SessionStore } from "../store/session-store.js";
import type { AuthFailureLimiter } from "../auth/auth-failures.js";
import type { TerminalRelay } from "../terminal/terminal-relay.js";
export type BrowserNamespace = Namespace<BrowserClientToServerEvents, BrowserServerToClientEvents>;
export interface BrowserNamespaceDeps {
    logger: Logger;
    browserToken: string;
    store: SessionStore;
    workers: WorkerRegistry;
    turns: TurnController;
    authFailures: AuthFailureLimiter;
    intake: PromptIntake;
    /** Terminals on the sessions' workers. */
    terminals?: TerminalRelay;
}
/**
 * `/browser`: token-checked handshake, one room per session, committed timeline events
 * fanned out to the room in seq-ordered batches, summaries and workers to everyone.
 */
export declare function attachBrowserNamespace(io: Server, deps: BrowserNamespaceDeps): {
    namespace: BrowserNamespace;
    detach: () => void;
};
//# sourceMappingURL=browser-namespace.d.ts.map