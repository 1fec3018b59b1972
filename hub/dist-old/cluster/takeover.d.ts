import type { SessionStore } from "../store/session-store.js";
/**
 * Closes the turn a dead node left open: every tool call without a result gets a failed
 * one, the turn ends `failed` with a notice naming what happened, the session waits again.
 * With no turn open (a busy status whose turn was closed already) only the status is set back:
 * a notice there would tell of a takeover of nothing. Returns the turn id it closed (undefined when none was open).
 */
export declare function closeTakenOverTurn(store: SessionStore, sessionId: string, nodeId: string): string | undefined;
//# sourceMappingURL=takeover.d.ts.map