import type { SessionEvent } from "@aiflare/protocol";

/**
 * The last `capacity` events of a session, contiguous by seq. Push is amortised O(1)
 * (the backing array is compacted only when half of it is dead); lookup by seq is O(1).
 */
export class EventWindow {
  private items: SessionEvent[] = [];
  private head = 0;

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.items.length - this.head;
  }

  /** Seq of the oldest retained event, or undefined when empty. */
  get firstSeq(): number | undefined {
    return this.items[this.head]?.seq;
  }

  /** Appends events and returns those trimmed off the front to stay within capacity. */
  push(events: readonly SessionEvent[]): SessionEvent[] {
    for (const event of events) this.items.push(event);
    const excess = this.size - this.capacity;
    if (excess <= 0) return [];
    const trimmed = this.items.slice(this.head, this.head + excess);
    this.head += excess;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return trimmed;
  }

  /** Retained events with seq > afterSeq, oldest first. */
  after(afterSeq: number): SessionEvent[] {
    const first = this.firstSeq;
    if (first === undefined) return [];
    const offset = Math.max(0, afterSeq - first + 1);
    return this.items.slice(this.head + offset);
  }

  all(): SessionEvent[] {
    return this.items.slice(this.head);
  }
}
