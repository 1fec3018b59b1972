/**
 * The session's turns in order, read from its timeline: which completed, what each changed,
 * and which a `reverted` event undid (the named turn and every turn started before the event
 * after it). Pure, so the hub and its tests agree on it.
 */
export function turnsOf(events) {
    const turns = [];
    const byId = new Map();
    for (const event of events) {
        if (event.type === "turn_started") {
            const turn = { turnId: event.turnId, reverted: false };
            turns.push(turn);
            byId.set(event.turnId, turn);
        }
        else if (event.type === "turn_completed") {
            const turn = byId.get(event.turnId);
            if (!turn)
                continue;
            turn.completedSeq = event.seq;
            if (event.changes)
                turn.changes = event.changes;
        }
        else if (event.type === "reverted") {
            const from = turns.findIndex((turn) => turn.turnId === event.turnId);
            if (from >= 0)
                for (const turn of turns.slice(from))
                    turn.reverted = true;
        }
    }
    return turns;
}
//# sourceMappingURL=turns.js.map