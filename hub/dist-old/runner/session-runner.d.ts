import { type ApprovalDecision, type TurnStatus } from "@aiflare/protocol";
import type { StoredImage } from "../attachments/attachment-store.js";
import type { Logger } from "../logger.js";
import type { SessionStore } from "../store/session-store.js";
import type { RuntimeFactory, TurnOutcome } from "./runtime.js";
import type { TurnHooks } from "./turn-hooks.js";
import type { TurnController } from "./turn-controller.js";
/** How a submitted prompt ended. */
export interface PromptResult extends Partial<TurnOutcome> {
    turnId?: string;
    status: TurnStatus;
    error?: string;
}
export interface SessionRunnerOptions {
    store: SessionStore;
    runtimeFactory: RuntimeFactory;
    logger?: Pick<Logger, "error" | "warn">;
    newId?: () => string;
    /** Told when turns start and end (checkpoints). */
    hooks?: TurnHooks;
}
/**
 * Runs each session's prompts one at a time, in the order they came (FIFO per session,
 * sessions in parallel), and writes every step into the session's timeline and status.
 */
export declare class SessionRunner implements TurnController {
    private readonly options;
    private readonly lanes;
    private readonly newId;
    /** One turn or compaction gets going per event-loop turn, so a burst of prompts cannot stall the streams (see TurnStartPacer). */
    private readonly starts;
    private closed;
    constructor(options: SessionRunnerOptions);
    submit(sessionId: string, text: string, images?: readonly StoredImage[]): void;
    /** Queues a prompt (with its stored images); resolves with the reply when its turn ends. */
    submitPrompt(sessionId: string, text: string, images?: readonly StoredImage[]): Promise<PromptResult>;
    /** Queues a compaction of the session's model context as its next job (after what is queued). */
    compact(sessionId: string): Promise<PromptResult>;
    cancel(sessionId: string): boolean;
    respondApproval(sessionId: string, callId: string, decision: ApprovalDecision): boolean;
    /**
     * Runs `fn` while the session runs no turn, holding its queue: prompts sent meanwhile wait
     * and start after it. Refuses (409) while a turn runs or waits. The session's runtime is
     * rebuilt afterwards, so it reloads its conversation (a revert may have changed it).
     */
    exclusive<T>(sessionId: string, fn: () => Promise<T>): Promise<T>;
    /** Cancels the session's turn and queued prompts, waits until its lane is idle, and forgets it (before a delete). */
    remove(sessionId: string): Promise<void>;
    close(): Promise<void>;
    private laneOf;
    private pump;
    private runTurn;
    /** A compaction job: the session shows `running` while it works; a failure is an error notice. */
    private runCompaction;
    private finish;
}
//# sourceMappingURL=session-runner.d.ts.map