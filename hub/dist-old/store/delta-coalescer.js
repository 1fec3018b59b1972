/** A merged delta never grows past this, so one event stays a reasonable socket frame. */
export const MAX_MERGED_CHARS = 64 * 1024;
function keyOf(delta) {
    switch (delta.type) {
        case "message_delta":
            return `m:${delta.messageId}`;
        case "reasoning_delta":
            return `r:${delta.itemId}`;
        case "tool_output":
            return `o:${delta.callId}:${delta.stream}`;
    }
}
function merge(into, next) {
    switch (into.type) {
        case "message_delta":
        case "reasoning_delta":
            return { ...into, delta: into.delta + next.delta };
        case "tool_output":
            return { ...into, chunk: into.chunk + next.chunk };
    }
}
function sizeOf(delta) {
    return delta.type === "tool_output" ? delta.chunk.length : delta.delta.length;
}
/**
 * One session's streamed pieces waiting to become events. It does not decide when they
 * go out: it tells the store once that it holds something (`onReady`), and the store takes
 * everything when it next writes — at once when the session is quiet, after the write in
 * flight otherwise (adaptive flush). Consecutive pieces of the same message / reasoning item /
 * tool stream merge, up to `MAX_MERGED_CHARS`; only neighbours merge, so interleaving is kept.
 * `gatherMs` > 0 (the old fixed tick, opt-in) holds a quiet stream's first piece that long.
 */
export class DeltaCoalescer {
    gatherMs;
    onReady;
    pending = [];
    lastKey;
    timer;
    due = false;
    constructor(gatherMs, onReady) {
        this.gatherMs = gatherMs;
        this.onReady = onReady;
    }
    /** True when pieces are buffered and may be taken now. */
    get ready() {
        return this.due && this.pending.length > 0;
    }
    /** True when anything is buffered (ready or still gathering). */
    get holding() {
        return this.pending.length > 0;
    }
    add(delta) {
        const key = keyOf(delta);
        const last = this.pending.at(-1);
        if (last && key === this.lastKey && sizeOf(last) + sizeOf(delta) <= MAX_MERGED_CHARS) {
            this.pending[this.pending.length - 1] = merge(last, delta);
        }
        else {
            this.pending.push(delta);
            this.lastKey = key;
        }
        if (this.due)
            return;
        if (this.gatherMs <= 0)
            this.signal();
        else
            this.timer ??= setTimeout(() => this.signal(), this.gatherMs).unref();
    }
    /** Hands over everything buffered, ready or not (a discrete append or a flush needs it now). */
    take() {
        if (this.timer)
            clearTimeout(this.timer);
        this.timer = undefined;
        this.due = false;
        const out = this.pending;
        this.pending = [];
        this.lastKey = undefined;
        return out;
    }
    signal() {
        this.timer = undefined;
        this.due = true;
        this.onReady();
    }
}
//# sourceMappingURL=delta-coalescer.js.map