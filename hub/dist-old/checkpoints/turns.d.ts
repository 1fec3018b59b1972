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
export declare function turnsOf(events: readonly SessionEvent[]): TurnRecord[];
//# sourceMappingURL=turns.d.ts.map