import type { FileChange, SessionSummary } from "@aiflare/protocol";
/** Told when each turn starts and ends (checkpoints hang off these); neither may throw. */
export interface TurnHooks {
    /** Before the runtime sees the prompt. */
    turnStarted(session: SessionSummary, turnId: string): Promise<void>;
    /** After the runtime is done, before `turn_completed` is written; `changes` goes into it. */
    turnEnded(session: SessionSummary, turnId: string): Promise<{
        changes?: FileChange[];
    }>;
}
//# sourceMappingURL=turn-hooks.d.ts.map