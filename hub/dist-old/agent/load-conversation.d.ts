import { type ConversationMode, type ConversationState } from "@aiflare/core";
import type { ConversationStore } from "./conversation-store.js";
/** The output a call gets when the hub died while it ran (a crash or `kill -9`). */
export declare const RESTART_OUTPUT = "aborted: the hub restarted";
/**
 * A session's conversation as its first turn in this process starts: a new one, or the saved
 * one with every call that was still running when the hub died answered "aborted: the hub
 * restarted" — the API refuses a conversation with an unanswered call, so without this the
 * session would fail on every later prompt. The repaired state is saved at once.
 */
export declare function loadConversation(conversations: ConversationStore, sessionId: string, mode: ConversationMode): Promise<ConversationState>;
//# sourceMappingURL=load-conversation.d.ts.map