import { randomUUID } from "node:crypto";
import { addUsage } from "@aiflare/protocol";
import { ConflictError, NotFoundError } from "../errors.js";
import { TurnStartPacer } from "./turn-start-pacer.js";
/**
 * Runs each session's prompts one at a time, in the order they came (FIFO per session,
 * sessions in parallel), and writes every step into the session's timeline and status.
 */
export class SessionRunner {
    options;
    lanes = new Map();
    newId;
    /** One turn or compaction gets going per event-loop turn, so a burst of prompts cannot stall the streams (see TurnStartPacer). */
    starts = new TurnStartPacer();
    closed = false;
    constructor(options) {
        this.options = options;
        this.newId = options.newId ?? (() => randomUUID());
    }
    submit(sessionId, text, images = []) {
        void this.submitPrompt(sessionId, text, images);
    }
    /** Queues a prompt (with its stored images); resolves with the reply when its turn ends. */
    submitPrompt(sessionId, text, images = []) {
        if (!this.options.store.has(sessionId))
            throw new NotFoundError(`session ${sessionId} not found`);
        const lane = this.laneOf(sessionId);
        const result = new Promise((resolve) => lane.queue.push({ text, images, resolve }));
        lane.pumping ??= this.pump(sessionId, lane);
        return result;
    }
    /** Queues a compaction of the session's model context as its next job (after what is queued). */
    compact(sessionId) {
        if (!this.options.store.has(sessionId))
            throw new NotFoundError(`session ${sessionId} not found`);
        const lane = this.laneOf(sessionId);
        const result = new Promise((resolve) => lane.queue.push({ text: "", job: "compact", images: [], resolve }));
        lane.pumping ??= this.pump(sessionId, lane);
        return result;
    }
    cancel(sessionId) {
        const lane = this.lanes.get(sessionId);
        if (!lane?.running)
            return false;
        const dropped = lane.queue.splice(0);
        for (const queued of dropped)
            queued.resolve({ status: "canceled" });
        if (dropped.length > 0) {
            this.options.store.append(sessionId, { type: "notice", level: "info", text: `canceled; ${dropped.length} queued prompt(s) dropped` });
        }
        lane.running.controller.abort(new Error("canceled by the user"));
        return true;
    }
    respondApproval(sessionId, callId, decision) {
        const runtime = this.lanes.get(sessionId)?.runtime;
        return runtime?.respondApproval?.(callId, decision) ?? false;
    }
    /**
     * Runs `fn` while the session runs no turn, holding its queue: prompts sent meanwhile wait
     * and start after it. Refuses (409) while a turn runs or waits. The session's runtime is
     * rebuilt afterwards, so it reloads its conversation (a revert may have changed it).
     */
    async exclusive(sessionId, fn) {
        const lane = this.laneOf(sessionId);
        if (lane.pumping || lane.running || lane.queue.length > 0)
            throw new ConflictError(`session ${sessionId} is running a turn; wait for it or cancel it first`);
        let release = () => undefined;
        lane.pumping = new Promise((resolve) => (release = resolve));
        try {
            return await fn();
        }
        finally {
            lane.runtime = undefined;
            lane.pumping = undefined;
            release();
            if (lane.queue.length > 0)
                lane.pumping = this.pump(sessionId, lane);
        }
    }
    /** Cancels the session's turn and queued prompts, waits until its lane is idle, and forgets it (before a delete). */
    async remove(sessionId) {
        const lane = this.lanes.get(sessionId);
        if (!lane)
            return;
        for (const queued of lane.queue.splice(0))
            queued.resolve({ status: "canceled" });
        lane.running?.controller.abort(new Error("the session is being deleted"));
        await lane.pumping;
        this.lanes.delete(sessionId);
    }
    async close() {
        this.closed = true;
        for (const sessionId of this.lanes.keys())
            this.cancel(sessionId);
        await Promise.all([...this.lanes.values()].flatMap((lane) => (lane.pumping ? [lane.pumping] : [])));
    }
    laneOf(sessionId) {
        let lane = this.lanes.get(sessionId);
        if (!lane)
            this.lanes.set(sessionId, (lane = { queue: [] }));
        return lane;
    }
    async pump(sessionId, lane) {
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
        }
        finally {
            // Cleared in the same step that finds the queue empty: a prompt submitted by a caller
            // resuming from the last resolve must start a new pump, not wait behind a finished one.
            lane.pumping = undefined;
        }
    }
    async runTurn(sessionId, lane, prompt, images) {
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
        let spent;
        const finish = (status, outcome, error) => this.finish(session, turnId, status, spent ? { reply: outcome?.reply ?? "", ...outcome, usage: spent } : outcome, error);
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
            if (controller.signal.aborted)
                return finish("canceled");
            return finish("completed", outcome);
        }
        catch (error) {
            if (controller.signal.aborted)
                return finish("canceled");
            const message = error instanceof Error ? error.message : String(error);
            this.options.logger?.warn({ sessionId, turnId, err: error }, "turn failed");
            store.append(sessionId, { type: "notice", level: "error", text: `turn failed: ${message}` });
            return finish("failed", undefined, message);
        }
        finally {
            lane.running = undefined;
        }
    }
    /** A compaction job: the session shows `running` while it works; a failure is an error notice. */
    async runCompaction(sessionId, lane) {
        const { store } = this.options;
        const controller = new AbortController();
        lane.running = { turnId: "compaction", controller };
        await this.starts.next();
        const session = store.update(sessionId, { status: "running" });
        try {
            lane.runtime ??= this.options.runtimeFactory(session);
            if (!lane.runtime.compact)
                store.append(sessionId, { type: "notice", level: "info", text: "this session's agent cannot compact its context" });
            else {
                await lane.runtime.compact({
                    session,
                    signal: controller.signal,
                    sink: { append: (body) => store.append(sessionId, body), stream: (delta) => store.stream(sessionId, delta), setStatus: (status) => void store.update(sessionId, { status }) },
                });
            }
            store.update(sessionId, { status: "waiting" });
            return { status: controller.signal.aborted ? "canceled" : "completed" };
        }
        catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            store.append(sessionId, { type: "notice", level: controller.signal.aborted ? "info" : "error", text: controller.signal.aborted ? "compaction canceled" : message });
            store.update(sessionId, { status: "waiting" });
            return { status: controller.signal.aborted ? "canceled" : "failed", error: message };
        }
        finally {
            lane.running = undefined;
        }
    }
    async finish(session, turnId, status, outcome, error) {
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
//# sourceMappingURL=session-runner.js.map