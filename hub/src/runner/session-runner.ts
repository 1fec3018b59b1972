import { randomUUID } from "node:crypto";
import { addUsage, type ApprovalDecision, type SessionSummary, type TurnStatus, type Usage } from "@aiflare/protocol";
import type { StoredImage } from "../attachments/attachment-store.js";
import { ConflictError, NotFoundError } from "../errors.js";
import type { Logger } from "../logger.js";
import type { SessionStore } from "../store/session-store.js";
import type { RuntimeFactory, SessionRuntime, TurnOutcome } from "./runtime.js";
import type { TurnHooks } from "./turn-hooks.js";
import type { TurnController } from "./turn-controller.js";
import { TurnStartPacer } from "./turn-start-pacer.js";

/** How a submitted prompt ended. */
export interface PromptResult extends Partial<TurnOutcome> {
  turnId?: string;
  status: TurnStatus;
  error?: string;
}

interface Queued {
  text: string;
  /** A job other than a prompt: `compact` compacts the model's context. */
  job?: "compact";
  images: readonly StoredImage[];
  resolve: (result: PromptResult) => void;
}

interface SessionLane {
  queue: Queued[];
  running?: { turnId: string; controller: AbortController };
  /** The pump working through the queue, while there is one. */
  pumping?: Promise<void>;
  runtime?: SessionRuntime;
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
export class SessionRunner implements TurnController {
  private readonly lanes = new Map<string, SessionLane>();
  private readonly newId: () => string;
  /** One turn or compaction gets going per event-loop turn, so a burst of prompts cannot stall the streams (see TurnStartPacer). */
  private readonly starts = new TurnStartPacer();
  private closed = false;

  constructor(private readonly options: SessionRunnerOptions) {
    this.newId = options.newId ?? (() => randomUUID());
  }

  submit(sessionId: string, text: string, images: readonly StoredImage[] = []): void {
    void this.submitPrompt(sessionId, text, images);
  }

  /** Queues a prompt (with its stored images); resolves with the reply when its turn ends. */
  submitPrompt(sessionId: string, text: string, images: readonly StoredImage[] = []): Promise<PromptResult> {
    if (!this.options.store.has(sessionId)) throw new NotFoundError(`session ${sessionId} not found`);
    const lane = this.laneOf(sessionId);
    const result = new Promise<PromptResult>((resolve) => lane.queue.push({ text, images, resolve }));
    lane.pumping ??= this.pump(sessionId, lane);
    return result;
  }

  /** Queues a compaction of the session's model context as its next job (after what is queued). */
  compact(sessionId: string): Promise<PromptResult> {
    if (!this.options.store.has(sessionId)) throw new NotFoundError(`session ${sessionId} not found`);
    const lane = this.laneOf(sessionId);
    const result = new Promise<PromptResult>((resolve) => lane.queue.push({ text: "", job: "compact", images: [], resolve }));
    lane.pumping ??= this.pump(sessionId, lane);
    return result;
  }

  cancel(sessionId: string): boolean {
    const lane = this.lanes.get(sessionId);
    if (!lane?.running) return false;
    const dropped = lane.queue.splice(0);
    for (const queued of dropped) queued.resolve({ status: "canceled" });
    if (dropped.length > 0) {
      this.options.store.append(sessionId, { type: "notice", level: "info", text: `canceled; ${dropped.length} queued prompt(s) dropped` });
    }
    lane.running.controller.abort(new Error("canceled by the user"));
    return true;
  }

  respondApproval(sessionId: string, callId: string, decision: ApprovalDecision): boolean {
    const runtime = this.lanes.get(sessionId)?.runtime;
    return runtime?.respondApproval?.(callId, decision) ?? false;
  }

  /**
   * Runs `fn` while the session runs no turn, holding its queue: prompts sent meanwhile wait
   * and start after it. Refuses (409) while a turn runs or waits. The session's runtime is
   * rebuilt afterwards, so it reloads its conversation (a revert may have changed it).
   */
  async exclusive<T>(sessionId: string, fn: () => Promise<T>): Promise<T> {
    const lane = this.laneOf(sessionId);
    if (lane.pumping || lane.running || lane.queue.length > 0) throw new ConflictError(`session ${sessionId} is running a turn; wait for it or cancel it first`);
    let release = () => undefined as void;
    lane.pumping = new Promise<void>((resolve) => (release = resolve));
    try {
      return await fn();
    } finally {
      lane.runtime = undefined;
      lane.pumping = undefined;
      release();
      if (lane.queue.length > 0) lane.pumping = this.pump(sessionId, lane);
    }
  }

  /** Cancels the session's turn and queued prompts, waits until its lane is idle, and forgets it (before a delete). */
  async remove(sessionId: string): Promise<void> {
    const lane = this.lanes.get(sessionId);
    if (!lane) return;
    for (const queued of lane.queue.splice(0)) queued.resolve({ status: "canceled" });
    lane.running?.controller.abort(new Error("the session is being deleted"));
    await lane.pumping;
    this.lanes.delete(sessionId);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const sessionId of this.lanes.keys()) this.cancel(sessionId);
    await Promise.all([...this.lanes.values()].flatMap((lane) => (lane.pumping ? [lane.pumping] : [])));
  }

  private laneOf(sessionId: string): SessionLane {
    let lane = this.lanes.get(sessionId);
    if (!lane) this.lanes.set(sessionId, (lane = { queue: [] }));
    return lane;
  }

  private async pump(sessionId: string, lane: SessionLane): Promise<void> {
    try {
      for (let next = lane.queue.shift(); next; next = lane.queue.shift()) {
        if (this.closed) {
          next.resolve({ status: "canceled" });
          continue;
        }
        const result = next.job === "compact" ? await this.runCompaction(sessionId, lane) : await this.runTurn(sessionId, lane, next.text, next.images);
        // Resolve once the turn is written, so what the caller reads next includes all of it.
        await this.options.store.flush(sessionId);
        next.resolve(result);
      }
    } finally {
      // Cleared in the same step that finds the queue empty: a prompt submitted by a caller
      // resuming from the last resolve must start a new pump, not wait behind a finished one.
      lane.pumping = undefined;
    }
  }

  private async runTurn(sessionId: string, lane: SessionLane, prompt: string, images: readonly StoredImage[]): Promise<PromptResult> {
    const { store } = this.options;
    const turnId = this.newId();
    const controller = new AbortController();
    lane.running = { turnId, controller };
    // Running for a cancel from here on; it gets going in its start slot, all of its start in
    // one step: "running" and the "streaming" of its request then reach browsers as one
    // `session:updated` (B1: 5,000 frames fewer per 50 turns).
    await this.starts.next();
    const session = store.update(sessionId, { status: "running" });
    store.append(sessionId, { type: "turn_started", turnId });
    store.append(sessionId, { type: "message", messageId: this.newId(), role: "user", text: prompt, ...(images.length > 0 ? { images: images.map((image) => image.ref) } : {}) });
    await this.options.hooks?.turnStarted(session, turnId);
    // Usage reported per response while the turn runs: it counts whatever way the turn ends.
    let spent: Usage | undefined;
    const finish = (status: TurnStatus, outcome?: TurnOutcome, error?: string) =>
      this.finish(session, turnId, status, spent ? { reply: outcome?.reply ?? "", ...outcome, usage: spent } : outcome, error);
    try {
      lane.runtime ??= this.options.runtimeFactory(session);
      const outcome = await lane.runtime.runTurn({
        session,
        turnId,
        prompt,
        ...(images.length > 0 ? { images: images.map((image) => ({ mediaType: image.ref.mediaType, data: image.data })) } : {}),
        signal: controller.signal,
        sink: {
          append: (body) => store.append(sessionId, body),
          stream: (delta) => store.stream(sessionId, delta),
          setStatus: (status) => void store.update(sessionId, { status }),
          addUsage: (usage) => void (spent = addUsage(spent, usage)),
        },
      });
      if (controller.signal.aborted) return finish("canceled");
      return finish("completed", outcome);
    } catch (error) {
      if (controller.signal.aborted) return finish("canceled");
      const message = error instanceof Error ? error.message : String(error);
      this.options.logger?.warn({ sessionId, turnId, err: error }, "turn failed");
      store.append(sessionId, { type: "notice", level: "error", text: `turn failed: ${message}` });
      return finish("failed", undefined, message);
    } finally {
      lane.running = undefined;
    }
  }

  /** A compaction job: the session shows `running` while it works; a failure is an error notice. */
  private async runCompaction(sessionId: string, lane: SessionLane): Promise<PromptResult> {
    const { store } = this.options;
    const controller = new AbortController();
    lane.running = { turnId: "compaction", controller };
    await this.starts.next();
    const session = store.update(sessionId, { status: "running" });
    try {
      lane.runtime ??= this.options.runtimeFactory(session);
      if (!lane.runtime.compact) store.append(sessionId, { type: "notice", level: "info", text: "this session's agent cannot compact its context" });
      else {
        await lane.runtime.compact({
          session,
          signal: controller.signal,
          sink: { append: (body) => store.append(sessionId, body), stream: (delta) => store.stream(sessionId, delta), setStatus: (status) => void store.update(sessionId, { status }) },
        });
      }
      store.update(sessionId, { status: "waiting" });
      return { status: controller.signal.aborted ? "canceled" : "completed" };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      store.append(sessionId, { type: "notice", level: controller.signal.aborted ? "info" : "error", text: controller.signal.aborted ? "compaction canceled" : message });
      store.update(sessionId, { status: "waiting" });
      return { status: controller.signal.aborted ? "canceled" : "failed", error: message };
    } finally {
      lane.running = undefined;
    }
  }

  private async finish(session: SessionSummary, turnId: string, status: TurnStatus, outcome?: TurnOutcome, error?: string): Promise<PromptResult> {
    const { store } = this.options;
    const sessionId = session.id;
    const usage = outcome?.usage;
    const { changes } = (await this.options.hooks?.turnEnded(session, turnId)) ?? {};
    store.append(sessionId, {
      type: "turn_completed",
      turnId,
      status,
      ...(usage ? { usage } : {}),
      ...(error !== undefined ? { error } : {}),
      ...(changes ? { changes } : {}),
    });
    const total = addUsage(store.latest(sessionId)?.usage, usage);
    store.update(sessionId, { status: status === "failed" ? "error" : "waiting", ...(total ? { usage: total } : {}) });
    return { turnId, status, ...outcome, ...(error !== undefined ? { error } : {}) };
  }
}
