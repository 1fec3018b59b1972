/**
 * Group commit: lanes with something to write are marked, and once per event-loop turn
 * (setImmediate, so every socket read of the turn is in) the batches of all marked lanes
 * that are not writing already are cut and handed to the persistence together — one
 * `appendMany` when it has one, else one `append` each, all at once. Each lane is published
 * as soon as its own write settles. A lane written to while its write is in flight keeps
 * gathering, and goes out in the first turn after the write settles (adaptive flush).
 */
export class GroupCommit {
    persistence;
    hooks;
    dirty = new Set();
    scheduled = false;
    constructor(persistence, hooks) {
        this.persistence = persistence;
        this.hooks = hooks;
    }
    /** The lane has something to write (queued records or ready deltas). */
    mark(lane) {
        this.dirty.add(lane);
        if (this.scheduled)
            return;
        this.scheduled = true;
        setImmediate(() => this.run());
    }
    run() {
        this.scheduled = false;
        const lanes = this.dirty;
        this.dirty = new Set();
        const group = [];
        for (const lane of lanes) {
            if (lane.writing)
                continue; // its write's end marks it again
            this.hooks.gather(lane);
            if (lane.queue.length === 0) {
                this.hooks.settled(lane);
                continue;
            }
            group.push({ lane, batch: lane.queue });
            lane.queue = [];
            lane.writing = true;
        }
        if (group.length === 0)
            return;
        const many = this.persistence.appendMany?.bind(this.persistence);
        if (many && group.length > 1) {
            many(group.map(({ lane, batch }) => ({ sessionId: lane.sessionId, records: batch }))).then((outcomes) => group.forEach(({ lane, batch }, i) => this.finish(lane, batch, outcomes[i] ?? { status: "rejected", reason: new Error("no outcome") })), (reason) => group.forEach(({ lane, batch }) => this.finish(lane, batch, { status: "rejected", reason })));
            return;
        }
        for (const { lane, batch } of group) {
            this.persistence.append(lane.sessionId, batch).then(() => this.finish(lane, batch, { status: "fulfilled", value: undefined }), (reason) => this.finish(lane, batch, { status: "rejected", reason }));
        }
    }
    finish(lane, batch, outcome) {
        if (outcome.status === "rejected" && this.hooks.refused?.(lane, outcome.reason)) {
            lane.writing = false;
            this.hooks.settled(lane);
            return;
        }
        if (outcome.status === "rejected")
            this.hooks.failed(lane, outcome.reason);
        // Most batches need nothing after their commit: the lane goes on in the same step, no promise per batch.
        let after;
        try {
            after = this.hooks.written(lane, batch);
        }
        catch (error) {
            this.hooks.failed(lane, error); // a throwing listener must not stall this lane or the rest of the group
        }
        if (!after)
            return this.release(lane);
        const release = () => this.release(lane);
        after.then(release, release);
    }
    release(lane) {
        lane.writing = false;
        if (lane.queue.length > 0 || this.hooks.ready(lane))
            this.mark(lane);
        else
            this.hooks.settled(lane);
    }
}
//# sourceMappingURL=group-commit.js.map