import type { ApprovalDecision } from "@aiflare/protocol";
import type { StoredImage } from "../attachments/attachment-store.js";
/** What REST routes and socket handlers ask of whatever runs the turns. */
export interface TurnController {
    /** Queues a prompt (FIFO per session). The session must exist. */
    submit(sessionId: string, text: string, images?: readonly StoredImage[]): void;
    /** Stops the running turn and drops queued prompts; false when nothing was running. */
    cancel(sessionId: string): boolean;
    /** Resolves a pending approval; false when no such approval is pending. */
    respondApproval(sessionId: string, callId: string, decision: ApprovalDecision): boolean;
    /** Queues a compaction of the model's context as the session's next job. */
    compact?(sessionId: string): Promise<unknown>;
    /** Stops every turn; used at shutdown. */
    close(): Promise<void>;
}
//# sourceMappingURL=turn-controller.d.ts.map