/**
 * `clock()` as an ISO string, made once per millisecond: a stream's events mostly share their
 * millisecond, and `toISOString` per delta was a visible share of B1's paced CPU.
 */
export declare function isoStamps(clock: () => Date): () => string;
//# sourceMappingURL=iso-stamps.d.ts.map