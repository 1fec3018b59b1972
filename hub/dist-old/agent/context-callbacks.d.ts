import type { AgentCallbacks, AgentLoop } from "@aiflare/core";
import type { EventBody } from "@aiflare/protocol";
import type { SessionStore } from "../store/session-store.js";
import type { ConversationStore } from "./conversation-store.js";
/** The agent's context accounting and compactions, into the session summary and the timeline. */
export declare function contextCallbacks(store: SessionStore, sessionId: string, sink: {
    append(body: EventBody): unknown;
}): Pick<AgentCallbacks, "onContext" | "onCompaction">;
/** Compacts a loop's context between turns, saving the new state; says so when there is nothing to compact. */
export declare function compactNow(loop: AgentLoop, deps: {
    store: SessionStore;
    conversations: ConversationStore;
    sessionId: string;
    sink: {
        append(body: EventBody): unknown;
    };
    signal: AbortSignal;
}): Promise<void>;
//# sourceMappingURL=context-callbacks.d.ts.map