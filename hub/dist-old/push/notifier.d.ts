import type { PushPayload, SessionSummary } from "@aiflare/protocol";
import type { SessionStore } from "../store/session-store.js";
/** What a notifier needs of the push side. */
export interface Notify {
    notify(payload: PushPayload): void;
}
/** A session's name as people see it in the list. */
export declare function sessionName(session: Pick<SessionSummary, "title" | "workdir">): string;
/** A tool call in a line: the command of a shell call, the files of a patch, else the tool's name. */
export declare function describeCall(tool: string, args: Record<string, unknown>): string;
/**
 * Turns committed timeline events into push messages: a session that waits for an approval
 * (its name and the command), a turn that completed (the answer's start) or failed (the
 * error). Canceled turns are the person's own doing and send nothing. In a cluster every node
 * sees every event; only the node that wrote it sends.
 */
export declare function notifyOnSessionEvents(store: Pick<SessionStore, "subscribe" | "get">, push: Notify): () => void;
//# sourceMappingURL=notifier.d.ts.map