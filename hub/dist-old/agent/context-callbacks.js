/** The agent's context accounting and compactions, into the session summary and the timeline. */
export function contextCallbacks(store, sessionId, sink) {
    return {
        onContext: (context) => void store.update(sessionId, { context }),
        onCompaction: (info) => void sink.append({ type: "compaction", reason: info.reason, tokensBefore: info.tokensBefore, ...(info.tokensAfter !== undefined ? { tokensAfter: info.tokensAfter } : {}) }),
    };
}
/** Compacts a loop's context between turns, saving the new state; says so when there is nothing to compact. */
export async function compactNow(loop, deps) {
    const { sessionId, sink } = deps;
    const ignore = () => undefined;
    const callbacks = {
        onTextDelta: ignore,
        onMessage: ignore,
        onReasoningDelta: ignore,
        onReasoning: ignore,
        onToolCall: ignore,
        onToolResult: ignore,
        onNotice: (level, text) => void sink.append({ type: "notice", level, text }),
        onPhase: ignore,
        onState: (state) => deps.conversations.save(sessionId, state),
        ...contextCallbacks(deps.store, sessionId, sink),
    };
    const info = await loop.compact("manual", callbacks, deps.signal);
    if (!info)
        sink.append({ type: "notice", level: "info", text: "nothing to compact: the model's context is empty (or its window is unknown)" });
}
//# sourceMappingURL=context-callbacks.js.map