import type { SessionEvent } from "@aiflare/protocol";
/**
 * The last `capacity` events of a session, contiguous by seq. Push is amortised O(1)
 * (the backing array is compacted only when half of it is dead); lookup by seq is O(1).
 */
export declare class EventWindow {
    private readonly capacity;
    private items;
    private head;
    constructor(capacity: number);
    get size(): number;
    /** Seq of the oldest retained event, or undefined when empty. */
    get firstSeq(): number | undefined;
    /** Appends events and returns those trimmed off the front to stay within capacity. */
    push(events: readonly SessionEvent[]): SessionEvent[];
    /** Retained events with seq > afterSeq, oldest first. */
    after(afterSeq: number): SessionEvent[];
    all(): SessionEvent[];
}
//# sourceMappingURL=event-window.d.ts.map