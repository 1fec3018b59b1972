import type { FileChange, SessionEvent } from "@aiflare/protocol";

/** What the UI needs to know about one turn for its diff, undo and fork actions. */
export interface TurnState {
  turnId: string;
  changes?: FileChange[];
  completed: boolean;
  /** Undone by a later `reverted` event. */
  reverted: boolean;
}

/**
 * The session's turns in order with their changes, and which were undone: a `reverted`
 * event undoes its turn and every turn started before it after that one (the hub's rule).
 */
export function turnStates(events: readonly SessionEvent[]): TurnState[] {
  const turns: TurnState[] = [];
  for (const event of events) {
    if (event.type === "turn_started") turns.push({ turnId: event.turnId, completed: false, reverted: false });
    else if (event.type === "turn_completed") {
      const turn = turns.find((t) => t.turnId === event.turnId);
      if (turn) {
        turn.completed = true;
        if (event.changes) turn.changes = event.changes;
      }
    } else if (event.type === "reverted") {
      const from = turns.findIndex((t) => t.turnId === event.turnId);
      if (from >= 0) for (const turn of turns.slice(from)) turn.reverted = true;
    }
  }
  return turns;
}

/** The files an undo from `turnId` would put back: what it and every later live turn changed. */
export function filesFromTurn(turns: readonly TurnState[], turnId: string): string[] {
  const from = turns.findIndex((t) => t.turnId === turnId);
  if (from < 0) return [];
  const files = new Set<string>();
  for (const turn of turns.slice(from)) if (!turn.reverted) for (const change of turn.changes ?? []) files.add(change.path);
  return [...files].sort();
}
