import type { FileChange, SessionEvent } from "@aiflare/protocol";

/** One turn as the timeline records it. */
export interface TurnRecord {
  turnId: string;
  /** Seq of its `turn_completed`, once it has one. */
  completedSeq?: number;
  /** The files it changed; undefined when it ran nothing on its worker (no checkpoint). */
  changes?: FileChange[];
  /** Undone by a later `reverted` event. */
  reverted: boolean;
}

/**
 * The session's turns in order, read from its timeline: which completed, what each changed,
 * and which a `reverted` event undid (the named turn and every turn started before the event
 * after it). Pure, so the hub and its tests agree on it.
 */
export function turnsOf(events: readonly SessionEvent[]): TurnRecord[] {
  const turns: TurnRecord[] = [];
  const byId = new Map<string, TurnRecord>();
  for (const event of events) {
    if (event.type === "turn_started") {
      const turn: TurnRecord = { turnId: event.turnId, reverted: false };
      turns.push(turn);
      byId.set(event.turnId, turn);
    } else if (event.type === "turn_completed") {
      const turn = byId.get(event.turnId);
      if (!turn) continue;
      turn.completedSeq = event.seq;
      if (event.changes) turn.changes = event.changes;
    } else if (event.type === "reverted") {
      const from = turns.findIndex((turn) => turn.turnId === event.turnId);
      if (from >= 0) for (const turn of turns.slice(from)) turn.reverted = true;
    }
  }
  return turns;
}
