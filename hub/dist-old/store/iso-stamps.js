/**
 * `clock()` as an ISO string, made once per millisecond: a stream's events mostly share their
 * millisecond, and `toISOString` per delta was a visible share of B1's paced CPU.
 */
export function isoStamps(clock) {
    let last = { ms: Number.NaN, iso: "" };
    return () => {
        const now = clock();
        const ms = now.getTime();
        if (ms !== last.ms)
            last = { ms, iso: now.toISOString() };
        return last.iso;
    };
}
//# sourceMappingURL=iso-stamps.js.map