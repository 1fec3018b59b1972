/**
 * Closes the turn a dead node left open: every tool call without a result gets a failed
 * one, the turn ends `failed` with a notice naming what happened, the session waits again.
 * With no turn open (a busy status whose turn was closed already) only the status is set back:
 * a notice there would tell of a takeover of nothing. Returns the turn id it closed (undefined when none was open).
 */
export function closeTakenOverTurn(store, sessionId, nodeId) {
    const events = store.eventsAfter(sessionId).events;
    const open = openTurn(events);
    const text = `the hub node running this turn stopped; taken over by ${nodeId}`;
    if (open) {
        store.append(sessionId, { type: "notice", level: "warning", text });
        for (const callId of open.unanswered) {
            store.append(sessionId, { type: "tool_result", callId, ok: false, output: "", durationMs: 0, error: text });
        }
        store.append(sessionId, { type: "turn_completed", turnId: open.turnId, status: "failed", error: text });
    }
    store.update(sessionId, { status: "waiting" });
    return open?.turnId;
}
/** The last turn if it has no `turn_completed`, with the calls in it still waiting for a result. */
function openTurn(events) {
    let start = -1;
    for (let i = events.length - 1; i >= 0; i--) {
        const event = events[i];
        if (event?.type === "turn_completed")
            return undefined;
        if (event?.type === "turn_started") {
            start = i;
            break;
        }
    }
    const first = events[start];
    if (first?.type !== "turn_started")
        return undefined;
    const unanswered = new Set();
    for (const event of events.slice(start)) {
        if (event.type === "tool_call")
            unanswered.add(event.callId);
        else if (event.type === "tool_result")
            unanswered.delete(event.callId);
    }
    return { turnId: first.turnId, unanswered: [...unanswered] };
}
//# sourceMappingURL=takeover.js.map