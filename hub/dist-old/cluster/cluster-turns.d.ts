import type { ApprovalDecision } from "@aiflare/protocol";
import type { Logger } from "../logger.js";
import type { StoredImage } from "../attachments/attachment-store.js";
import type { SessionRunner } from "../runner/session-runner.js";
import type { TurnController } from "../runner/turn-controller.js";
import type { PgTimelinePersistence } from "../store/pg-persistence.js";
import type { SessionStore } from "../store/session-store.js";
import type { ClusterBus } from "./cluster-bus.js";
import type { PgLeases } from "./pg-leases.js";
import type { PromptQueue } from "./prompt-queue.js";
export interface ClusterTurnsOptions {
    nodeId: string;
    runner: SessionRunner;
    store: SessionStore;
    leases: PgLeases;
    persistence: PgTimelinePersistence;
    bus: ClusterBus;
    /** Prompts queued here, stored in PostgreSQL for whichever node takes the session over. */
    prompts: PromptQueue;
    logger: Pick<Logger, "warn" | "error" | "info">;
    /** Runs before a lease goes back (the conversation's last save reaches PostgreSQL). */
    beforeRelease?: (sessionId: string) => Promise<void>;
    /** How often expired leases are looked for (default a quarter of the lease time, at most 500 ms: takeover within the lease time + 1 s). */
    sweepMs?: number;
}
/**
 * Turns in a cluster. A prompt runs on the node that can take the session's lease (free,
 * expired or already its own); while another node holds it, the prompt is forwarded there.
 * Prompts wait in a queue stored in PostgreSQL and go to the runner one at a time. The lease
 * goes back once the session is idle. Records other nodes wrote are ingested into this
 * node's store (its browsers see them live); a sweep takes over sessions with work (a turn
 * or queued prompts) whose owner stopped renewing: it closes the turn and runs the prompts.
 */
export declare class ClusterTurns implements TurnController {
    private readonly options;
    /** Sessions whose prompt the runner is running here. */
    private readonly running;
    /** Sessions this node took the lease of and is getting ready to run (not to be let go meanwhile). */
    private readonly claiming;
    /** Forwarded prompts already taken (ids, oldest first): a retried forward is acknowledged, not queued again. */
    private readonly taken;
    private readonly chains;
    private sweepTimer;
    private closed;
    constructor(options: ClusterTurnsOptions);
    /** Starts sweeping for sessions to take over. */
    start(): void;
    submit(sessionId: string, text: string, images?: readonly StoredImage[]): void;
    /** Queues a prompt here or hands it to the session's holder; `promptId` stays the same on every retry. */
    private submitOnce;
    cancel(sessionId: string): boolean;
    respondApproval(sessionId: string, callId: string, decision: ApprovalDecision): boolean;
    close(): Promise<void>;
    /** Whether this node runs a turn of the session or has prompts of it queued. */
    private busyHere;
    /** Runs the prompt here if this node can hold the session, else hands it to the node that does. */
    private route;
    /**
     * This node just took the lease: bring the session up to date, name this node on it, close a
     * turn a dead owner left open and queue the prompts it left behind.
     */
    private own;
    /** Hands the next queued prompt to the runner when it runs none of the session's; lets go when nothing is left. */
    private pump;
    /** Drops what is queued here (stored rows too) and stops the running turn. */
    private cancelHere;
    /** The session is idle here: clear its node and hand the lease back. */
    private letGo;
    /** Brings this node's copy of a session up to what PostgreSQL holds (messages may have been missed). */
    private catchUp;
    private toHolder;
    private forwarded;
    private remember;
    /** Another node wrote records: commit them here, or reload the session when something was missed. */
    private ingest;
    /** This node's write was refused: another node owns the session now. Stop the turn here. */
    private lost;
    private sweep;
    /** The owner stopped renewing: close its turn (every call answered), then run the prompts it had queued. */
    private takeOver;
}
//# sourceMappingURL=cluster-turns.d.ts.map