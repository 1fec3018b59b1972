import { isDeepStrictEqual } from "node:util";
/**
 * The record that takes a log ending in `logged` to `next`: an `add` when `next` only appended
 * to the history, otherwise `full`. States are copies (the agent loop hands over clones), so
 * "only appended" is checked on the old history's first and last items and a few between: a
 * compaction replaces the start, a revert or a repair that drops an item shortens or shifts.
 */
export function recordFor(logged, next) {
    if (!logged || logged.mode !== next.mode)
        return { full: next };
    const n = logged.history.length;
    if (next.history.length < n)
        return { full: next };
    for (const i of samplePositions(n))
        if (!isDeepStrictEqual(logged.history[i], next.history[i]))
            return { full: next };
    return { add: next.history.slice(n), n, pending: next.pending, prev: next.previousResponseId ?? null };
}
/** The first and last index below n and up to six evenly between. */
function samplePositions(n) {
    if (n === 0)
        return [];
    const step = Math.max(1, Math.floor(n / 7));
    const positions = new Set([0, n - 1]);
    for (let i = step; i < n - 1; i += step)
        positions.add(i);
    return [...positions];
}
/**
 * Replays a log's lines. Blank and unreadable lines are skipped (a torn last line after a
 * crash); an `add` that does not fit the history before it (a damaged line in between) leaves
 * no state until the next `full`, rather than a conversation with a hole in it.
 */
export function replayLog(text, untilMark) {
    let state;
    let start = 0;
    while (start < text.length) {
        let end = text.indexOf("\n", start);
        if (end === -1)
            end = text.length;
        const line = text.slice(start, end);
        start = end + 1;
        if (line.trim() === "")
            continue;
        let record;
        try {
            record = JSON.parse(line);
        }
        catch {
            continue;
        }
        if (record.full && isConversation(record.full)) {
            state = record.full;
        }
        else if (Array.isArray(record.add) && Array.isArray(record.pending)) {
            if (!state || state.history.length !== record.n) {
                state = undefined;
                continue;
            }
            // The replayed state is this function's own (parsed here), so it grows in place.
            for (const item of record.add)
                state.history.push(item);
            state.pending = record.pending;
            if (typeof record.prev === "string")
                state.previousResponseId = record.prev;
            else
                delete state.previousResponseId;
        }
        else if (typeof record.mark === "string" && record.mark === untilMark) {
            return { state: state && structuredClone(state), found: true };
        }
    }
    return { state, found: untilMark === undefined };
}
export function isConversation(value) {
    const state = value;
    return Boolean(state && typeof state === "object" && Array.isArray(state.history) && Array.isArray(state.pending));
}
//# sourceMappingURL=conversation-log.js.map