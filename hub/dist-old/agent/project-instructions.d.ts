import { AGENTS_MD_NOTICE_PREFIX, type EventBody, type SessionSummary } from "@aiflare/protocol";
import type { SessionStore } from "../store/session-store.js";
import type { InstructionsSource } from "../tools/instructions-reader.js";
export { AGENTS_MD_NOTICE_PREFIX };
/**
 * A session's standing instructions: the agent's own, plus the project's AGENTS.md chain,
 * re-read at every turn start so edits apply to the next turn. The timeline says which files
 * were loaded once, and again only when that list changes (also across hub restarts).
 */
export declare class ProjectInstructionsLoader {
    private readonly deps;
    private announced;
    constructor(deps: {
        source?: InstructionsSource;
        store: SessionStore;
        session: SessionSummary;
        sandbox?: string;
    });
    /** The full instructions for this turn; a failed read keeps the agent's own and says why. */
    load(append: (body: EventBody) => unknown): Promise<string>;
    /** The last AGENTS.md notice in the timeline ("" when none). */
    private lastAnnounced;
}
//# sourceMappingURL=project-instructions.d.ts.map