/** Unicode punctuation models emit where files have ASCII (and vice versa): dashes, quotes, spaces. */
export function normalizePunctuation(text: string): string {
  return text
    .replace(/[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]/g, "-")
    .replace(/[\u2018\u2019\u201A\u201B]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F]/g, '"')
    .replace(/[\u00A0\u2002-\u200A\u202F\u205F\u3000]/g, " ");
}

/** Ways two lines may be considered equal, from strictest to loosest. */
const PASSES: ((line: string) => string)[] = [
  (line) => line,
  (line) => line.trimEnd(),
  (line) => line.trim(),
  (line) => normalizePunctuation(line).trim(),
];

/**
 * Where `pattern` occurs in `lines` at or after `start`: the first pass (exact, then trailing
 * whitespace, then all surrounding whitespace, then Unicode punctuation normalised) that finds
 * it wins. With `atEnd`, a match ending at the last line is tried first.
 */
export function seekSequence(lines: readonly string[], pattern: readonly string[], start: number, atEnd: boolean): number | undefined {
  if (pattern.length === 0) return start;
  if (pattern.length > lines.length) return undefined;
  const last = lines.length - pattern.length;
  for (const norm of PASSES) {
    const normalized = pattern.map(norm);
    const matchesAt = (at: number) => normalized.every((p, k) => norm(lines[at + k] ?? "") === p);
    if (atEnd && last >= start && matchesAt(last)) return last;
    for (let at = start; at <= last; at++) if (matchesAt(at)) return at;
  }
  return undefined;
}
