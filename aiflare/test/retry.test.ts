import { describe, expect, it } from "vitest";
import { backoffDelay, DEFAULT_RETRY } from "../src/agent/backoff.js";
import { MAX_HINT_MS, retryAfterMs } from "../src/model/retry-hint.js";

const headers = (values: Record<string, string>) => ({ get: (name: string) => values[name] ?? null });

describe("retry hints", () => {
  it("reads retry-after-ms, retry-after seconds and dates, then message hints", () => {
    expect(retryAfterMs(headers({ "retry-after-ms": "250", "retry-after": "9" }), undefined)).toBe(250);
    expect(retryAfterMs(headers({ "retry-after": "2" }), undefined)).toBe(2000);
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(retryAfterMs(headers({ "retry-after": "Thu, 01 Jan 2026 00:00:05 GMT" }), undefined, now)).toBe(5000);
    expect(retryAfterMs(undefined, "Please try again in 1.5s.")).toBe(1500);
    expect(retryAfterMs(undefined, "Please try again in 20ms.")).toBe(20);
    expect(retryAfterMs(undefined, "try again in 2 seconds")).toBe(2000);
    expect(retryAfterMs(undefined, "try again in 1 minute")).toBe(60_000);
    expect(retryAfterMs(undefined, "slow down")).toBeUndefined();
    expect(retryAfterMs(headers({ "retry-after": "86400" }), undefined)).toBe(MAX_HINT_MS);
  });

  it("backs off exponentially with jitter, bounded, and follows hints", () => {
    const low = () => 0;
    const high = () => 0.999;
    expect(backoffDelay(DEFAULT_RETRY, 0, undefined, low)).toBe(250);
    expect(backoffDelay(DEFAULT_RETRY, 3, undefined, low)).toBe(2000);
    expect(backoffDelay(DEFAULT_RETRY, 3, undefined, high)).toBeLessThanOrEqual(4000);
    expect(backoffDelay(DEFAULT_RETRY, 20, undefined, high)).toBeLessThanOrEqual(DEFAULT_RETRY.maxDelayMs);
    expect(backoffDelay(DEFAULT_RETRY, 0, 1000, low)).toBe(1000);
    expect(backoffDelay(DEFAULT_RETRY, 0, 1000, high)).toBeLessThanOrEqual(1100);
  });
});
