import { answerDanglingCalls, newConversation } from "@aiflare/core";
/** The output a call gets when the hub died while it ran (a crash or `kill -9`). */
export const RESTART_OUTPUT = "aborted: the hub restarted";
/**
 * A session's conversation as its first turn in this process starts: a new one, or the saved
 * one with every call that was still running when the hub died answered "aborted: the hub
 * restarted" — the API refuses a conversation with an unanswered call, so without this the
 * session would fail on every later prompt. The repaired state is saved at once.
 */
export async function loadConversation(conversations, sessionId, mode) {
    const saved = await conversations.load(sessionId);
    if (!saved)
        return newConversation(mode);
    if (answerDanglingCalls(saved, RESTART_OUTPUT) > 0)
        conversations.save(sessionId, saved);
    return saved;
}
//# sourceMappingURL=load-conversation.js.map