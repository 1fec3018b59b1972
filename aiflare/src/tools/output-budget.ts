/** What the model sees of one call's output at most, in bytes (Codex gives it about 10 KB). */
export const DEFAULT_TOOL_OUTPUT_BUDGET = 10_000;

/**
 * Cuts `text` to at most about `budget` bytes for the model: the first and the last lines are
 * kept (half the budget each), and a marker in between says how many lines and bytes were left
 * out. Timelines and people keep the full output; only the model's view is cut.
 */
export function truncateForModel(text: string, budget = DEFAULT_TOOL_OUTPUT_BUDGET): string {
  const total = Buffer.byteLength(text, "utf8");
  if (total <= budget) return text;
  const half = Math.max(1, Math.floor(budget / 2));
  const head = takeLines(text.split("\n"), half);
  const tail = takeLines(text.split("\n").reverse(), half).reverse();
  const lines = countLines(text);
  const keptLines = head.length + tail.length;
  const kept = Buffer.byteLength(head.join("\n"), "utf8") + Buffer.byteLength(tail.join("\n"), "utf8");
  const marker = `[… ${lines - keptLines} lines (${total - kept} bytes) omitted; ${lines} lines, ${total} bytes in all …]`;
  return [...head, marker, ...tail].join("\n");
}

/** Whole lines from the start of `lines` while they fit in `bytes`; one cut line when even the first does not. */
function takeLines(lines: string[], bytes: number): string[] {
  const taken: string[] = [];
  let used = 0;
  for (const line of lines) {
    const size = Buffer.byteLength(line, "utf8") + 1;
    if (used + size > bytes) {
      if (taken.length === 0) taken.push(cutToBytes(line, bytes));
      break;
    }
    taken.push(line);
    used += size;
  }
  return taken;
}

function cutToBytes(line: string, bytes: number): string {
  let cut = line.slice(0, bytes);
  while (Buffer.byteLength(cut, "utf8") > bytes) cut = cut.slice(0, -1);
  return cut;
}

function countLines(text: string): number {
  let count = 1;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) count++;
  return text.endsWith("\n") ? count - 1 : count;
}
