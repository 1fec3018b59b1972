import type { SessionSummary } from "@aiflare/protocol";
import type { SessionStore } from "./session-store.js";
/**
 * Finds sessions by title and message text (case-insensitive substring). Each session's
 * lower-cased transcript is kept and rebuilt only when its lastSeq moved, so a search is one
 * `includes` per session, not a fold of its timeline.
 */
export declare class SessionSearch {
    private readonly store;
    private readonly index;
    constructor(store: SessionStore);
    /** The sessions to list: archived ones only when asked for, filtered by `q` when given, oldest first. */
    list(filter?: {
        q?: string;
        archived?: boolean;
    }): SessionSummary[];
    private matches;
    private textOf;
}
//# sourceMappingURL=session-search.d.ts.map