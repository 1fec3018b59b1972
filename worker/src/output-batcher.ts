import type { ToolStream } from "@aiflare/protocol";

/** Live output a call may stream before the rest is only kept in its (capped) result. */
export const LIVE_OUTPUT_BUDGET = 1024 * 1024;

/**
 * Groups a call's output into a few socket messages: per stream, flushed every `intervalMs`
 * or at `maxChars`, and cut off (with a note) once the live budget is spent, so a command
 * printing hundreds of thousands of lines cannot choke the connection.
 */
export class OutputBatcher {
  private pending: { stream: ToolStream; text: string }[] = [];
  private size = 0;
  private sent = 0;
  private cut = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly send: (stream: ToolStream, chunk: string) => void,
    private readonly options: { intervalMs?: number; maxChars?: number; budget?: number } = {},
  ) {}

  push(stream: ToolStream, chunk: string): void {
    if (this.cut) return;
    const budget = this.options.budget ?? LIVE_OUTPUT_BUDGET;
    if (this.sent + this.size + chunk.length > budget) {
      const room = Math.max(0, budget - this.sent - this.size);
      if (room > 0) this.append(stream, chunk.slice(0, room));
      this.append(stream, "\n[live output stops here; the result keeps the beginning and the end]\n");
      this.cut = true;
      this.flush();
      return;
    }
    this.append(stream, chunk);
    if (this.size >= (this.options.maxChars ?? 32 * 1024)) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.options.intervalMs ?? 25);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const { stream, text } of this.pending) this.send(stream, text);
    this.sent += this.size;
    this.pending = [];
    this.size = 0;
  }

  private append(stream: ToolStream, text: string): void {
    const last = this.pending.at(-1);
    if (last && last.stream === stream) last.text += text;
    else this.pending.push({ stream, text });
    this.size += text.length;
  }
}
