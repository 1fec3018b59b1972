import type { SessionEvent } from "@aiflare/protocol";
import type { TimelinePersistence } from "./log-record.js";
import type { StoreLogger } from "./store-types.js";

/** What catching a reader up needs of the store, read afresh at every step (the window moves). */
export interface CatchUpSource {
  /** Seq of the oldest event the store holds in memory (lastSeq + 1 when it holds none). */
  windowStart(sessionId: string): number;
  /** The held events after `afterSeq` and the committed lastSeq, read synchronously. */
  eventsAfter(sessionId: string, afterSeq: number): { events: SessionEvent[]; lastSeq: number };
  persistence: Pick<TimelinePersistence, "readEvents">;
  logger: StoreLogger;
}

/**
 * Exactly the committed events after `afterSeq`: those older than the store's window are read
 * back from the persistence first (again if the window moved meanwhile), then the window is read
 * and `then` runs in that same synchronous step (see SessionStore.catchUp).
 */
export async function catchUp(source: CatchUpSource, sessionId: string, afterSeq: number, then?: () => void): Promise<{ events: SessionEvent[]; lastSeq: number }> {
  const { persistence, logger } = source;
  const older: SessionEvent[] = [];
  let after = afterSeq;
  for (;;) {
    const first = source.windowStart(sessionId);
    if (after + 1 >= first || !persistence.readEvents) {
      const { events, lastSeq } = source.eventsAfter(sessionId, after);
      then?.();
      return { events: older.length > 0 ? [...older, ...events] : events, lastSeq };
    }
    const before = after;
    for (const event of await persistence.readEvents(sessionId, after, first - 1)) {
      if (event.seq !== after + 1) break;
      older.push(event);
      after = event.seq;
    }
    if (after === before) {
      // Compacted before the persistence kept what it dropped (or damaged): a gap the reader must live with.
      logger.warn({ sessionId, afterSeq: after, firstSeq: first }, "events older than the window are not stored; the reader gets a gap");
      after = first - 1;
    }
  }
}
