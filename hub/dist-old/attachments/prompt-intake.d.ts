import type { ImageInput } from "@aiflare/protocol";
import type { TurnController } from "../runner/turn-controller.js";
import type { SessionStore } from "../store/session-store.js";
import type { AttachmentStore } from "./attachment-store.js";
/** What taking a prompt needs. */
export interface PromptIntakeDeps {
    store: Pick<SessionStore, "has">;
    attachments: AttachmentStore;
    turns: TurnController;
}
/**
 * Takes prompts from REST and sockets: checks the session and every image first (nothing is
 * stored for a refused prompt), stores the images (all or none), then queues the turn. A
 * session's prompts reach the queue in the order they arrived, even when one waits for its
 * images to be written.
 */
export declare class PromptIntake {
    private readonly deps;
    /** Per session: the last prompt still being stored. */
    private readonly tails;
    constructor(deps: PromptIntakeDeps);
    accept(sessionId: string, text: string, images?: readonly ImageInput[]): Promise<void>;
}
//# sourceMappingURL=prompt-intake.d.ts.map