import type { DeltaBody } from "@aiflare/protocol";

/** A merged delta never grows past this, so one event stays a reasonable socket frame. */
const MAX_MERGED_CHARS = 64 * 1024;

function keyOf(delta: DeltaBody): string {
  switch (delta.type) {
    case "message_delta":
      return `m:${delta.messageId}`;
    case "reasoning_delta":
      return `r:${delta.itemId}`;
    case "tool_output":
      return `o:${delta.callId}:${delta.stream}`;
  }
}

function merge(into: DeltaBody, next: DeltaBody): DeltaBody {
  switch (into.type) {
    case "message_delta":
    case "reasoning_delta":
      return { ...into, delta: into.delta + (next as typeof into).delta };
    case "tool_output":
      return { ...into, chunk: into.chunk + (next as typeof into).chunk };
  }
}

function sizeOf(delta: DeltaBody): number {
  return delta.type === "tool_output" ? delta.chunk.length : delta.delta.length;
}

/**
 * Buffers one session's streamed pieces for at most `tickMs` and hands them over merged:
 * consecutive pieces of the same message / reasoning item / tool stream become one.
 * Only neighbours merge, so the order of interleaved streams is kept exactly.
 */
export class DeltaCoalescer {
  private pending: DeltaBody[] = [];
  private lastKey: string | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly tickMs: number,
    private readonly emit: (bodies: DeltaBody[]) => void,
  ) {}

  add(delta: DeltaBody): void {
    const key = keyOf(delta);
    const last = this.pending.at(-1);
    if (last && key === this.lastKey && sizeOf(last) + sizeOf(delta) <= MAX_MERGED_CHARS) {
      this.pending[this.pending.length - 1] = merge(last, delta);
    } else {
      this.pending.push(delta);
      this.lastKey = key;
    }
    if (this.tickMs <= 0) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.tickMs).unref();
  }

  /** Hands over everything buffered now. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0) return;
    const out = this.pending;
    this.pending = [];
    this.lastKey = undefined;
    this.emit(out);
  }
}
