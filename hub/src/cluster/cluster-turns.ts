import type { ApprovalDecision, ClusterForwardMessage, ClusterRecordsMessage } from "@aiflare/protocol";
import type { Logger } from "../logger.js";
import type { StoredImage } from "../attachments/attachment-store.js";
import type { SessionRunner } from "../runner/session-runner.js";
import type { TurnController } from "../runner/turn-controller.js";
import type { PgTimelinePersistence } from "../store/pg-persistence.js";
import type { SessionStore } from "../store/session-store.js";
import type { ClusterBus } from "./cluster-bus.js";
import type { PgLeases } from "./pg-leases.js";
import { SessionChains } from "./session-chains.js";
import { closeTakenOverTurn } from "./takeover.js";

export interface ClusterTurnsOptions {
  nodeId: string;
  runner: SessionRunner;
  store: SessionStore;
  leases: PgLeases;
  persistence: PgTimelinePersistence;
  bus: ClusterBus;
  logger: Pick<Logger, "warn" | "error" | "info">;
  /** Runs before a lease goes back (the conversation's last save reaches PostgreSQL). */
  beforeRelease?: (sessionId: string) => Promise<void>;
  /** How often expired leases are looked for (default half the lease time). */
  sweepMs?: number;
}

const BUSY = new Set(["running", "streaming", "awaiting_approval"]);

/**
 * Turns in a cluster. A prompt runs on the node that can take the session's lease (free,
 * expired or already its own); while another node holds it, the prompt is forwarded there.
 * The lease goes back once the session is idle. Records other nodes wrote are ingested into
 * this node's store (its browsers see them live); a sweep takes over sessions with work
 * whose owner stopped renewing.
 */
export class ClusterTurns implements TurnController {
  /** Prompts submitted here and not finished yet, per session. */
  private readonly active = new Map<string, number>();
  private readonly chains: SessionChains;
  private sweepTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly options: ClusterTurnsOptions) {
    this.chains = new SessionChains((error, sessionId) => options.logger.error({ err: error, sessionId }, "cluster session task failed"));
    options.bus.listen({ onRecords: (message) => this.ingest(message), onForward: (message) => this.forwarded(message) });
    options.store.subscribe({ onRefused: (sessionId) => this.lost(sessionId) });
  }

  /** Starts sweeping for sessions to take over. */
  start(): void {
    const every = this.options.sweepMs ?? Math.max(50, Math.floor(this.options.leases.leaseMs / 2));
    this.sweepTimer ??= setInterval(() => void this.sweep(), every);
    this.sweepTimer.unref();
  }

  submit(sessionId: string, text: string, images: readonly StoredImage[] = []): void {
    void this.chains.run(sessionId, () => this.route(sessionId, text, images));
  }

  cancel(sessionId: string): boolean {
    if (this.active.has(sessionId)) return this.options.runner.cancel(sessionId);
    const busy = BUSY.has(this.options.store.get(sessionId)?.status ?? "waiting");
    if (busy) void this.toHolder(sessionId, (node) => ({ kind: "cancel", node, sessionId }));
    return busy;
  }

  respondApproval(sessionId: string, callId: string, decision: ApprovalDecision): boolean {
    if (this.active.has(sessionId)) return this.options.runner.respondApproval(sessionId, callId, decision);
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

  /** Runs the prompt here if this node can hold the session, else hands it to the node that does. */
  private async route(sessionId: string, text: string, images: readonly StoredImage[], attempt = 0): Promise<void> {
    const { leases, runner, store, bus } = this.options;
    if (this.closed) return;
    const running = this.active.get(sessionId) ?? 0;
    if (running === 0) {
      if (await leases.acquire(sessionId)) {
        await this.catchUp(sessionId);
        store.update(sessionId, { node: this.options.nodeId });
        // The last owner died mid-turn and no sweep got here first: close its turn before ours.
        if (BUSY.has(store.latest(sessionId)?.status ?? "waiting")) closeTakenOverTurn(store, sessionId, this.options.nodeId);
      } else {
        const holder = await leases.holder(sessionId);
        const withImages = images.length > 0 ? { images: images.map((image) => ({ ...image })) } : {};
        if (holder && (await bus.forward({ kind: "submit", node: holder, sessionId, text, ...withImages }))) return;
        // The lease went back meanwhile, or its holder is gone (it expires within the lease time): try again.
        if (attempt < 50 && !this.closed) {
          await new Promise((resolve) => setTimeout(resolve, holder ? this.options.leases.leaseMs / 5 : 10));
          return this.route(sessionId, text, images, attempt + 1);
        }
        this.options.logger.warn({ sessionId }, "prompt dropped: the session's lease could not be taken or found");
        return;
      }
    }
    this.active.set(sessionId, running + 1);
    void runner.submitPrompt(sessionId, text, images).finally(() => {
      const left = (this.active.get(sessionId) ?? 1) - 1;
      if (left > 0) this.active.set(sessionId, left);
      else {
        this.active.delete(sessionId);
        void this.chains.run(sessionId, () => this.letGo(sessionId));
      }
    });
  }

  /** The session is idle here: clear its node and hand the lease back. */
  private async letGo(sessionId: string): Promise<void> {
    if (this.active.has(sessionId) || !this.options.leases.isHeld(sessionId)) return;
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
        this.submit(message.sessionId, message.text, message.images ?? []);
        return true;
      case "cancel":
        return this.active.has(message.sessionId) && this.options.runner.cancel(message.sessionId);
      case "approval":
        return this.active.has(message.sessionId) && this.options.runner.respondApproval(message.sessionId, message.callId, message.decision);
    }
  }

  /** Another node wrote records: commit them here, or reload the session when something was missed. */
  private ingest(message: ClusterRecordsMessage): void {
    if (message.from === this.options.nodeId) return;
    void this.chains.run(message.sessionId, async () => {
      if (this.options.store.ingest(message.sessionId, message.records)) return;
      const log = await this.options.persistence.load(message.sessionId);
      if (log) this.options.store.reload(log);
    });
  }

  /** This node's write was refused: another node owns the session now. Stop the turn here. */
  private lost(sessionId: string): void {
    this.options.logger.warn({ sessionId }, "lost the session's lease; stopping its turn here");
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

  /** The owner stopped renewing: close its turn (every call answered) and let the session wait again. */
  private async takeOver(sessionId: string): Promise<void> {
    const { leases, persistence, store, nodeId } = this.options;
    if (this.closed || this.active.has(sessionId) || !(await leases.acquire(sessionId))) return;
    const log = await persistence.load(sessionId);
    if (!log) return leases.release(sessionId);
    store.reload(log);
    if (!BUSY.has(store.get(sessionId)?.status ?? "waiting")) return this.letGo(sessionId);
    const turnId = closeTakenOverTurn(store, sessionId, nodeId);
    this.options.logger.info({ sessionId, turnId }, "took over a session whose node stopped");
    await this.letGo(sessionId);
  }
}
