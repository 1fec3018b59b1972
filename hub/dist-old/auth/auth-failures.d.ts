/**
 * Counts failed token attempts per client address in a sliding window, so guessing tokens is
 * slow: past `limit` failures within `windowMs`, the address is refused (HTTP 429 / a refused
 * handshake) until the window has moved on. Successful requests are never limited.
 */
export declare class AuthFailureLimiter {
    private readonly options;
    private readonly failures;
    constructor(options?: {
        limit?: number;
        windowMs?: number;
        now?: () => number;
    });
    private get limit();
    private get windowMs();
    private now;
    /** Milliseconds until `address` may try again, or 0 when it is not blocked. */
    blockedFor(address: string): number;
    recordFailure(address: string): void;
    private recent;
    /** Drops addresses with no failure in the window (bounds memory under a spray of addresses). */
    private prune;
}
//# sourceMappingURL=auth-failures.d.ts.map