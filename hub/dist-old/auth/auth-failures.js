/**
 * Counts failed token attempts per client address in a sliding window, so guessing tokens is
 * slow: past `limit` failures within `windowMs`, the address is refused (HTTP 429 / a refused
 * handshake) until the window has moved on. Successful requests are never limited.
 */
export class AuthFailureLimiter {
    options;
    failures = new Map();
    constructor(options = {}) {
        this.options = options;
    }
    get limit() {
        return this.options.limit ?? 30;
    }
    get windowMs() {
        return this.options.windowMs ?? 60_000;
    }
    now() {
        return this.options.now?.() ?? Date.now();
    }
    /** Milliseconds until `address` may try again, or 0 when it is not blocked. */
    blockedFor(address) {
        const times = this.recent(address);
        if (times.length < this.limit)
            return 0;
        return Math.max(1, (times[times.length - this.limit] ?? 0) + this.windowMs - this.now());
    }
    recordFailure(address) {
        const times = this.recent(address);
        times.push(this.now());
        this.failures.set(address, times);
        if (this.failures.size > 10_000)
            this.prune();
    }
    recent(address) {
        const since = this.now() - this.windowMs;
        const times = (this.failures.get(address) ?? []).filter((t) => t > since);
        if (times.length === 0)
            this.failures.delete(address);
        return times;
    }
    /** Drops addresses with no failure in the window (bounds memory under a spray of addresses). */
    prune() {
        for (const address of [...this.failures.keys()])
            this.recent(address);
    }
}
//# sourceMappingURL=auth-failures.js.map