import { randomUUID } from "node:crypto";
import type { ApprovalDecision, ClusterForwardMessage, ClusterSessionRecords } from "@aiflare/protocol";
import type { Logger } from "../logger.js";
import type { StoredImage } from "../attachments/attachment-store.js";
import type { SessionRunner } from "../runner/session-runner.js";
import type { TurnController } from "../runner/turn-controller.js";
import type { PgTimelinePersistence } from "../store/pg-persistence.js";
import type { SessionStore } from "../store/session-store.js";
import type { ClusterBus } from "./cluster-bus.js";
import type { PgLeases } from "./pg-leases.js";
import type { PromptQueue } from "./prompt-queue.js";
import { SessionChains } from "./session-chains.js";
import { closeTakenOverTurn } from "./takeover.js";

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

const BUSY = new Set(["running", "streaming", "awaiting_approval"]);

/**
 * Turns in a cluster. A prompt runs on the node that can take the session's lease (free,
 * expired or already its own); while another node holds it, the prompt is forwarded there.
 * Prompts wait in a queue stored in PostgreSQL and go to the runner one at a time. The lease
 * goes back once the session is idle. Records other nodes wrote are ingested into this
 * node's store (its browsers see them live); a sweep takes over sessions with work (a turn
 * or queued prompts) whose owner stopped renewing: it closes the turn and runs the prompts.
 */
export class ClusterTurns implements TurnController {
  /** Sessions whose prompt the runner is running here. */
  private readonly running = new Set<string>();
  /** Sessions this node took the lease of and is getting ready to run (not to be let go meanwhile). */
  private readonly claiming = new Set<string>();
  /** Forwarded prompts already taken (ids, oldest first): a retried forward is acknowledged, not queued again. */
  private readonly taken = new Set<string>();
  private readonly chains: SessionChains;
  private sweepTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly options: ClusterTurnsOptions) {
    this.chains = new SessionChains((error, sessionId) => options.logger.error({ err: error, sessionId }, "cluster session task failed"));
    options.bus.listen({ onRecords: (from, batch) => this.ingest(from, batch), onForward: (message) => this.forwarded(message) });
    options.store.subscribe({ onRefused: (sessionId) => this.lost(sessionId) });
  }

  /** Starts sweeping for sessions to take over. */
  start(): void {
    const every = this.options.sweepMs ?? Math.max(50, Math.min(500, Math.floor(this.options.leases.leaseMs / 4)));
    this.sweepTimer ??= setInterval(() => void this.sweep(), every);
    this.sweepTimer.unref();
  }

  submit(sessionId: string, text: string, images: readonly StoredImage[] = []): void {
    this.submitOnce(sessionId, text, images, randomUUID());
  }

  /** Queues a prompt here or hands it to the session's holder; `promptId` stays the same on every retry. */
  private submitOnce(sessionId: string, text: string, images: readonly StoredImage[], promptId: string): void {
    void this.chains.run(sessionId, () => this.route(sessionId, text, images, promptId));
  }

  cancel(sessionId: string): boolean {
    if (this.busyHere(sessionId)) return this.cancelHere(sessionId);
    const busy = BUSY.has(this.options.store.get(sessionId)?.status ?? "waiting");
    if (busy) void this.toHolder(sessionId, (node) => ({ kind: "cancel", node, sessionId }));
    return busy;
  }

  respondApproval(sessionId: string, callId: string, decision: ApprovalDecision): boolean {
    if (this.busyHere(sessionId)) return this.options.runner.respondApproval(sessionId, callId, decision);
    const waiting = this.options.store.get(sessionId)?.status === "awaiting_approval";
    if (waiting) void this.toHolder(sessionId, (node) => ({ kind: "approval", node, sessionId, callId, decision }));
    return waiting;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    await this.options.runner.close();
    await this.chains.idle();
  }

  /** Whether this node runs a turn of the session or has prompts of it queued. */
  private busyHere(sessionId: string): boolean {
    return this.running.has(sessionId) || this.claiming.has(sessionId) || this.options.prompts.size(sessionId) > 0;
  }

  /** Runs the prompt here if this node can hold the session, else hands it to the node that does. */
  private async route(sessionId: string, text: string, images: readonly StoredImage[], promptId: string, attempt = 0): Promise<void> {
    const { leases, bus, prompts } = this.options;
    if (this.closed) return;
    if (!this.busyHere(sessionId)) {
      if (await leases.acquire(sessionId)) {
        this.claiming.add(sessionId);
        try {
          await this.own(sessionId, false);
        } finally {
          this.claiming.delete(sessionId);
        }
      } else {
        const holder = await leases.holder(sessionId);
        const withImages = images.length > 0 ? { images: images.map((image) => ({ ...image })) } : {};
        if (holder && (await bus.forward({ kind: "submit", node: holder, sessionId, text, promptId, ...withImages }))) return;
        // The lease went back meanwhile, or its holder is gone (it expires within the lease time): try again.
        if (attempt < 50 && !this.closed) {
          await new Promise((resolve) => setTimeout(resolve, holder ? this.options.leases.leaseMs / 5 : 10));
          return this.route(sessionId, text, images, promptId, attempt + 1);
        }
        this.options.logger.warn({ sessionId }, "prompt dropped: the session's lease could not be taken or found");
        return;
      }
    }
    const epoch = leases.epochOf(sessionId);
    this.claiming.add(sessionId);
    const added = epoch !== undefined && (await prompts.add(sessionId, epoch, text, images).finally(() => this.claiming.delete(sessionId)));
    if (!added) {
      // Another node took the session over since: stop here, and route the prompt again.
      this.lost(sessionId);
      return this.route(sessionId, text, images, promptId, attempt + 1);
    }
    this.pump(sessionId);
  }

  /**
   * This node just took the lease: bring the session up to date, name this node on it, close a
   * turn a dead owner left open and queue the prompts it left behind.
   */
  private async own(sessionId: string, reload: boolean): Promise<boolean> {
    const { persistence, store, nodeId, prompts } = this.options;
    if (reload) {
      const log = await persistence.load(sessionId);
      if (!log) return false;
      store.reload(log);
    } else await this.catchUp(sessionId);
    if (BUSY.has(store.latest(sessionId)?.status ?? "waiting")) {
      const turnId = closeTakenOverTurn(store, sessionId, nodeId);
      this.options.logger.info({ sessionId, turnId }, "took over a session whose node stopped");
    }
    store.update(sessionId, { node: nodeId });
    const adopted = await prompts.adopt(sessionId);
    if (adopted > 0) this.options.logger.info({ sessionId, adopted }, "queued prompts taken over");
    return true;
  }

  /** Hands the next queued prompt to the runner when it runs none of the session's; lets go when nothing is left. */
  private pump(sessionId: string): void {
    if (this.closed || this.running.has(sessionId)) return;
    const next = this.options.prompts.next(sessionId);
    if (!next) {
      void this.chains.run(sessionId, () => this.letGo(sessionId));
      return;
    }
    this.running.add(sessionId);
    const done = () => {
      this.running.delete(sessionId);
      this.pump(sessionId);
    };
    try {
      void this.options.runner.submitPrompt(sessionId, next.text, next.images).finally(done);
    } catch (error) {
      this.options.logger.error({ err: error, sessionId }, "could not run a queued prompt");
      done();
    }
  }

  /** Drops what is queued here (stored rows too) and stops the running turn. */
  private cancelHere(sessionId: string): boolean {
    const { prompts, leases, store, logger } = this.options;
    const queued = prompts.size(sessionId);
    void prompts.drop(sessionId, leases.epochOf(sessionId)).catch((error: unknown) => logger.warn({ err: error, sessionId }, "could not drop stored prompts"));
    if (queued > 0) store.append(sessionId, { type: "notice", level: "info", text: `canceled; ${queued} queued prompt(s) dropped` });
    return this.options.runner.cancel(sessionId);
  }

  /** The session is idle here: clear its node and hand the lease back. */
  private async letGo(sessionId: string): Promise<void> {
    if (this.busyHere(sessionId) || !this.options.leases.isHeld(sessionId)) return;
    this.options.store.update(sessionId, { node: undefined });
    await this.options.store.flush(sessionId);
    await this.options.beforeRelease?.(sessionId);
    await this.options.leases.release(sessionId);
  }

  /** Brings this node's copy of a session up to what PostgreSQL holds (messages may have been missed). */
  private async catchUp(sessionId: string): Promise<void> {
    const { persistence, store } = this.options;
    const stored = await persistence.lastSeq(sessionId);
    if (stored === store.get(sessionId)?.lastSeq) return;
    const log = await persistence.load(sessionId);
    if (log) store.reload(log);
  }

  private async toHolder(sessionId: string, message: (node: string) => ClusterForwardMessage): Promise<void> {
    const holder = await this.options.leases.holder(sessionId);
    if (holder && holder !== this.options.nodeId) await this.options.bus.forward(message(holder));
  }

  private forwarded(message: ClusterForwardMessage): boolean {
    if (this.closed || message.node !== this.options.nodeId || !this.options.store.has(message.sessionId)) return false;
    switch (message.kind) {
      case "submit":
        // A holder with nothing to do here is about to hand the lease back: the sender takes it then.
        if (message.promptId !== undefined && this.taken.has(message.promptId)) return true;
        if (!this.busyHere(message.sessionId)) return false;
        if (message.promptId !== undefined) this.remember(message.promptId);
        this.submitOnce(message.sessionId, message.text, message.images ?? [], message.promptId ?? randomUUID());
        return true;
      case "cancel":
        return this.busyHere(message.sessionId) && this.cancelHere(message.sessionId);
      case "approval":
        return this.busyHere(message.sessionId) && this.options.runner.respondApproval(message.sessionId, message.callId, message.decision);
    }
  }

  private remember(promptId: string): void {
    this.taken.add(promptId);
    for (const old of this.taken) {
      if (this.taken.size <= 1_000) break;
      this.taken.delete(old);
    }
  }

  /**
   * Another node wrote records: commit them here, or reload the session when something was
   * missed, after this node's own writes of it (a reload read before them would take them back
   * from this node's view: B's timeline stopped at A's last turn while B ran the next).
   */
  private ingest(from: string, message: ClusterSessionRecords): void {
    if (from === this.options.nodeId) return;
    void this.chains.run(message.sessionId, async () => {
      const { store, persistence } = this.options;
      if (store.ingest(message.sessionId, message.records)) return;
      if (store.has(message.sessionId)) await store.flush(message.sessionId);
      const log = await persistence.load(message.sessionId);
      if (log) store.reload(log);
    });
  }

  /** This node's write was refused: another node owns the session now. Stop the turn here. */
  private lost(sessionId: string): void {
    this.options.logger.warn({ sessionId }, "lost the session's lease; stopping its turn here");
    this.options.prompts.forget(sessionId);
    this.options.runner.cancel(sessionId);
  }

  private async sweep(): Promise<void> {
    if (this.closed) return;
    let candidates: string[];
    try {
      candidates = await this.options.leases.expiredWithWork();
    } catch (error) {
      this.options.logger.warn({ err: error }, "lease sweep failed");
      return;
    }
    for (const sessionId of candidates) void this.chains.run(sessionId, () => this.takeOver(sessionId));
  }

  /** The owner stopped renewing: close its turn (every call answered), then run the prompts it had queued. */
  private async takeOver(sessionId: string): Promise<void> {
    const { leases } = this.options;
    if (this.closed || this.busyHere(sessionId) || !(await leases.acquire(sessionId))) return;
    this.claiming.add(sessionId);
    try {
      if (!(await this.own(sessionId, true))) return await leases.release(sessionId);
    } finally {
      this.claiming.delete(sessionId);
    }
    this.pump(sessionId);
  }
}
