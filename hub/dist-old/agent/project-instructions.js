import { agentInstructions } from "@aiflare/core";
import { AGENTS_MD_NOTICE_PREFIX } from "@aiflare/protocol";
export { AGENTS_MD_NOTICE_PREFIX };
/**
 * A session's standing instructions: the agent's own, plus the project's AGENTS.md chain,
 * re-read at every turn start so edits apply to the next turn. The timeline says which files
 * were loaded once, and again only when that list changes (also across hub restarts).
 */
export class ProjectInstructionsLoader {
    deps;
    announced;
    constructor(deps) {
        this.deps = deps;
    }
    /** The full instructions for this turn; a failed read keeps the agent's own and says why. */
    async load(append) {
        const { source, session } = this.deps;
        const base = agentInstructions(session.workdir, { model: session.model, approvalPolicy: session.approvalPolicy, ...(this.deps.sandbox ? { sandbox: this.deps.sandbox } : {}) });
        if (!source)
            return base;
        try {
            const project = await source.read(session);
            const notice = project.files.length === 0 ? "" : `${AGENTS_MD_NOTICE_PREFIX}${project.files.map((file) => file.path).join(", ")}${project.truncated ? " (cut at 32 KiB)" : ""}`;
            this.announced ??= this.lastAnnounced();
            if (notice !== "" && notice !== this.announced) {
                append({ type: "notice", level: "info", text: notice });
                this.announced = notice;
            }
            return project.text === "" ? base : `${base}\n\n${project.text}`;
        }
        catch (error) {
            append({ type: "notice", level: "warning", text: `could not read the project's AGENTS.md: ${error instanceof Error ? error.message : String(error)}` });
            return base;
        }
    }
    /** The last AGENTS.md notice in the timeline ("" when none). */
    lastAnnounced() {
        const { events } = this.deps.store.eventsAfter(this.deps.session.id, 0);
        for (let i = events.length - 1; i >= 0; i--) {
            const event = events[i];
            if (event?.type === "notice" && event.text.startsWith(AGENTS_MD_NOTICE_PREFIX))
                return event.text;
        }
        return "";
    }
}
//# sourceMappingURL=project-instructions.js.map