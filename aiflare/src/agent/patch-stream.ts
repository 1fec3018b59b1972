/**
 * Turns the argument deltas of an apply_patch call into the patch text as it is written, so
 * a long patch shows while the model writes it. A freeform call's deltas are the patch itself;
 * a function call's deltas are JSON (`{"input":"*** Begin Patch\n…`), whose `input` string is
 * decoded here piece by piece (escapes split across deltas included).
 */
export class PatchStream {
  private json = "";
  private inString = false;
  private done = false;
  /** Raw characters of an escape not complete yet. */
  private escape = "";

  constructor(private readonly kind: "function" | "custom") {}

  /** The patch text this delta adds (may be empty). */
  push(delta: string): string {
    if (this.kind === "custom") return delta;
    if (this.done) return "";
    let out = "";
    for (const char of delta) {
      if (!this.inString) {
        this.json += char;
        if (/"input"\s*:\s*"$/.test(this.json)) this.inString = true;
        continue;
      }
      if (this.escape) {
        this.escape += char;
        const decoded = decodeEscape(this.escape);
        if (decoded !== undefined) {
          out += decoded;
          this.escape = "";
        }
      } else if (char === "\\") this.escape = "\\";
      else if (char === '"') {
        this.done = true;
        break;
      } else out += char;
    }
    return out;
  }
}

const SIMPLE: Record<string, string> = { n: "\n", t: "\t", r: "\r", b: "\b", f: "\f", '"': '"', "\\": "\\", "/": "/" };

/** The character an escape stands for, or undefined while it is incomplete. */
function decodeEscape(escape: string): string | undefined {
  const kind = escape[1];
  if (kind === undefined) return undefined;
  if (kind !== "u") return SIMPLE[kind] ?? kind;
  if (escape.length < 6) return undefined;
  return String.fromCharCode(parseInt(escape.slice(2, 6), 16));
}
