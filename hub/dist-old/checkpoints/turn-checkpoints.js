/** Sends a checkpoint request to the session's worker (or runs it in the hub in local mode). */
export async function checkpointOn(tools, session, op) {
    const runner = tools.for(session);
    if (!runner.checkpoint)
        return { ok: false, error: { code: "unavailable", message: "this worker keeps no checkpoints" } };
    return runner.checkpoint(session, { ...op, sessionId: session.id, workdir: session.workdir });
}
/**
 * The turn side of checkpoints: tool calls carry their turn's id (so the worker snapshots
 * before the turn's first change), the conversation is snapshotted before and after every
 * turn, and a turn that ran anything on its worker ends with an end checkpoint whose answer
 * becomes `turn_completed.changes`.
 */
export class TurnCheckpoints {
    options;
    /** sessionId -> the running turn, and whether it sent anything to its worker. */
    running = new Map();
    constructor(options) {
        this.options = options;
    }
    /** Wraps a runner so each call carries the running turn's id. */
    wrap(inner) {
        const run = (session, call, signal) => {
            const turn = this.running.get(session.id);
            if (!turn)
                return inner.run(session, call, signal);
            turn.touched = true;
            return inner.run(session, { ...call, turnId: turn.turnId }, signal);
        };
        return inner.checkpoint ? { run, checkpoint: inner.checkpoint.bind(inner) } : { run };
    }
    async turnStarted(session, turnId) {
        this.running.set(session.id, { turnId, touched: false });
        await this.options.snapshots.take(session.id, turnId, "before").catch((error) => this.options.logger?.warn({ err: error, sessionId: session.id }, "conversation snapshot failed"));
    }
    async turnEnded(session, turnId) {
        const turn = this.running.get(session.id);
        this.running.delete(session.id);
        await this.options.snapshots.take(session.id, turnId, "after").catch((error) => this.options.logger?.warn({ err: error, sessionId: session.id }, "conversation snapshot failed"));
        if (!turn?.touched)
            return {};
        try {
            const ack = await checkpointOn(this.options.tools(), session, { op: "end", turnId });
            if (ack.ok)
                return { changes: ack.changes ?? [] };
            if (ack.error.code !== "unavailable")
                this.options.logger?.warn({ sessionId: session.id, turnId, error: ack.error.message }, "end checkpoint failed");
        }
        catch (error) {
            this.options.logger?.warn({ err: error, sessionId: session.id, turnId }, "end checkpoint failed");
        }
        return {};
    }
}
//# sourceMappingURL=turn-checkpoints.js.map