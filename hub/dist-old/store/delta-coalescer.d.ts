import type { DeltaBody } from "@aiflare/protocol";
/** A merged delta never grows past this, so one event stays a reasonable socket frame. */
export declare const MAX_MERGED_CHARS: number;
/**
 * One session's streamed pieces waiting to become events. It does not decide when they
 * go out: it tells the store once that it holds something (`onReady`), and the store takes
 * everything when it next writes — at once when the session is quiet, after the write in
 * flight otherwise (adaptive flush). Consecutive pieces of the same message / reasoning item /
 * tool stream merge, up to `MAX_MERGED_CHARS`; only neighbours merge, so interleaving is kept.
 * `gatherMs` > 0 (the old fixed tick, opt-in) holds a quiet stream's first piece that long.
 */
export declare class DeltaCoalescer {
    private readonly gatherMs;
    private readonly onReady;
    private pending;
    private lastKey;
    private timer;
    private due;
    constructor(gatherMs: number, onReady: () => void);
    /** True when pieces are buffered and may be taken now. */
    get ready(): boolean;
    /** True when anything is buffered (ready or still gathering). */
    get holding(): boolean;
    add(delta: DeltaBody): void;
    /** Hands over everything buffered, ready or not (a discrete append or a flush needs it now). */
    take(): DeltaBody[];
    private signal;
}
//# sourceMappingURL=delta-coalescer.d.ts.map