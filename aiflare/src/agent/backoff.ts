/** Bounds for retrying a model request. */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 5, baseDelayMs: 500, maxDelayMs: 30_000 };

/**
 * Delay before retry number `retry` (0-based): the server's hint when it gave one (plus up to
 * 10% jitter), else exponential backoff with full jitter in the upper half of the window.
 */
export function backoffDelay(policy: RetryPolicy, retry: number, hintMs: number | undefined, random: () => number = Math.random): number {
  if (hintMs !== undefined) return Math.round(hintMs * (1 + random() * 0.1));
  const window = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.round(window * (0.5 + random() * 0.5));
}

/** Waits `ms`, or rejects with the signal's reason as soon as it fires. */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
