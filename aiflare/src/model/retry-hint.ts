/** Longest wait a server's hint may impose on one retry. */
export const MAX_HINT_MS = 120_000;

/**
 * How long the server asks us to wait: `retry-after-ms`, then `retry-after` (seconds or an
 * HTTP date), then a "try again in 1.5s" / "in 20ms" hint in the error message.
 */
export function retryAfterMs(headers: { get(name: string): string | null } | undefined, message: string | undefined, now = Date.now()): number | undefined {
  const ms = headers?.get("retry-after-ms");
  if (ms && Number.isFinite(Number(ms)) && Number(ms) >= 0) return Math.min(Number(ms), MAX_HINT_MS);
  const after = headers?.get("retry-after");
  if (after) {
    const seconds = Number(after);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, MAX_HINT_MS);
    const date = Date.parse(after);
    if (!Number.isNaN(date)) return Math.min(Math.max(0, date - now), MAX_HINT_MS);
  }
  const hint = /try again in\s+(\d+(?:\.\d+)?)\s*(ms|milliseconds?|s|sec|seconds?|m|min|minutes?)\b/i.exec(message ?? "");
  if (hint?.[1] && hint[2]) {
    const value = Number(hint[1]);
    const unit = hint[2].toLowerCase();
    const factor = unit.startsWith("ms") || unit.startsWith("milli") ? 1 : unit.startsWith("m") && !unit.startsWith("ms") ? 60_000 : 1000;
    return Math.min(value * factor, MAX_HINT_MS);
  }
  return undefined;
}
