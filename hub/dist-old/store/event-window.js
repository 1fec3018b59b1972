/**
 * The last `capacity` events of a session, contiguous by seq. Push is amortised O(1)
 * (the backing array is compacted only when half of it is dead); lookup by seq is O(1).
 */
export class EventWindow {
    capacity;
    items = [];
    head = 0;
    constructor(capacity) {
        this.capacity = capacity;
    }
    get size() {
        return this.items.length - this.head;
    }
    /** Seq of the oldest retained event, or undefined when empty. */
    get firstSeq() {
        return this.items[this.head]?.seq;
    }
    /** Appends events and returns those trimmed off the front to stay within capacity. */
    push(events) {
        for (const event of events)
            this.items.push(event);
        const excess = this.size - this.capacity;
        if (excess <= 0)
            return [];
        const trimmed = this.items.slice(this.head, this.head + excess);
        this.head += excess;
        if (this.head > 1024 && this.head * 2 > this.items.length) {
            this.items = this.items.slice(this.head);
            this.head = 0;
        }
        return trimmed;
    }
    /** Retained events with seq > afterSeq, oldest first. */
    after(afterSeq) {
        const first = this.firstSeq;
        if (first === undefined)
            return [];
        const offset = Math.max(0, afterSeq - first + 1);
        return this.items.slice(this.head + offset);
    }
    all() {
        return this.items.slice(this.head);
    }
}
//# sourceMappingURL=event-window.js.map