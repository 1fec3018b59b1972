/**
 * Keeps the first `head` and the last `tail` characters of a stream of text, and how much
 * was dropped between them, in constant memory whatever the stream's length.
 */
export class HeadTailBuffer {
  private headText = "";
  private tailParts: string[] = [];
  private tailLength = 0;
  private dropped = 0;

  constructor(
    private readonly head: number,
    private readonly tail: number,
  ) {}

  push(text: string): void {
    if (this.headText.length < this.head) {
      const room = this.head - this.headText.length;
      this.headText += text.slice(0, room);
      text = text.slice(room);
    }
    if (text.length === 0) return;
    this.tailParts.push(text);
    this.tailLength += text.length;
    while (this.tailLength > this.tail && this.tailParts.length > 0) {
      const excess = this.tailLength - this.tail;
      const first = this.tailParts[0] ?? "";
      if (first.length <= excess) {
        this.tailParts.shift();
        this.tailLength -= first.length;
        this.dropped += first.length;
      } else {
        this.tailParts[0] = first.slice(excess);
        this.tailLength -= excess;
        this.dropped += excess;
      }
    }
  }

  /** Characters left out in the middle. */
  get omitted(): number {
    return this.dropped;
  }

  toString(): string {
    const tail = this.tailParts.join("");
    if (this.dropped === 0) return this.headText + tail;
    return `${this.headText}\n[... ${this.dropped} characters omitted ...]\n${tail}`;
  }
}
