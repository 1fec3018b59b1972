import type { SessionStore } from "./store/session-store.js";
/**
 * After a restart no turn is running, whatever the stored status says. Each session that
 * was busy gets its open turn closed as failed, a notice, and status `waiting`, so the
 * timeline tells the truth and the next prompt starts cleanly.
 */
export declare function recoverInterruptedSessions(store: SessionStore): string[];
//# sourceMappingURL=recovery.d.ts.map