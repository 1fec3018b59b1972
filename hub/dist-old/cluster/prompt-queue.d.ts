import type pg from "pg";
import type { StoredImage } from "../attachments/attachment-store.js";
import type { LogRecord } from "../store/log-record.js";
/** A prompt waiting for its turn on the node that holds the session. */
export interface QueuedPrompt {
    id: number;
    text: string;
    /** The prompt's images (their refs and base64, as the runner takes them). */
    images: StoredImage[];
}
/**
 * The prompts queued on this node, per session, mirrored in the `prompts` table so a node
 * that takes the session over runs them. A prompt's row goes in the same transaction as
 * its turn's `turn_started` event (see `inAppend`): a prompt is either in the table or its
 * turn is in the timeline, never both and never neither.
 */
export declare class PromptQueue {
    private readonly pool;
    private readonly nodeId;
    private readonly queues;
    /** The prompt handed to the runner whose `turn_started` is not written yet, per session. */
    private readonly starting;
    constructor(pool: pg.Pool, nodeId: string);
    /** Prompts waiting here for the session. */
    size(sessionId: string): number;
    /** Stores and queues a prompt; false when the session is no longer this node's at `epoch`. */
    add(sessionId: string, epoch: number, text: string, images?: readonly StoredImage[]): Promise<boolean>;
    /** Queues the stored prompts another node left behind (after taking the session over); returns how many. */
    adopt(sessionId: string): Promise<number>;
    /** The next prompt to run; its row goes with its turn's `turn_started`. */
    next(sessionId: string): QueuedPrompt | undefined;
    /** Forgets the session's queue here (this node lost it: the rows are the new owner's to run). */
    forget(sessionId: string): void;
    /** Drops the queued prompts (a cancel), here and, while the session is still this node's at `epoch`, in the table. */
    drop(sessionId: string, epoch: number | undefined): Promise<number>;
    /** Runs in every append's transaction (after the fence): a batch with `turn_started` takes its prompt's row out. */
    inAppend(client: pg.PoolClient, sessionId: string, records: readonly LogRecord[]): Promise<void>;
    private queueOf;
}
//# sourceMappingURL=prompt-queue.d.ts.map