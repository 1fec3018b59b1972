import { RESTART_OUTPUT } from "./agent/load-conversation.js";
/**
 * After a restart no turn is running, whatever the stored status says. Each session that
 * was busy gets its open turn closed as failed, a notice, and status `waiting`, so the
 * timeline tells the truth and the next prompt starts cleanly.
 */
export function recoverInterruptedSessions(store) {
    const recovered = [];
    for (const session of store.list()) {
        if (session.status === "waiting" || session.status === "error")
            continue;
        const events = store.eventsAfter(session.id).events;
        let openTurn;
        for (let i = events.length - 1; i >= 0; i--) {
            const event = events[i];
            if (event?.type === "turn_completed")
                break;
            if (event?.type === "turn_started") {
                openTurn = event.turnId;
                break;
            }
        }
        store.append(session.id, { type: "notice", level: "warning", text: "The hub restarted while a turn was running; that turn was interrupted." });
        // Calls of that turn that never got a result end as aborted, in the timeline as in the model's context.
        for (const callId of unansweredCalls(events)) {
            store.append(session.id, { type: "tool_result", callId, ok: false, output: "", durationMs: 0, error: RESTART_OUTPUT });
        }
        if (openTurn !== undefined) {
            store.append(session.id, { type: "turn_completed", turnId: openTurn, status: "failed", error: "interrupted by a hub restart" });
        }
        store.update(session.id, { status: "waiting" });
        recovered.push(session.id);
    }
    return recovered;
}
/** Tool calls of the last turn in `events` without a `tool_result`. */
function unansweredCalls(events) {
    const open = new Set();
    for (const event of events) {
        if (event.type === "turn_started")
            open.clear();
        else if (event.type === "tool_call")
            open.add(event.callId);
        else if (event.type === "tool_result")
            open.delete(event.callId);
    }
    return [...open];
}
//# sourceMappingURL=recovery.js.map