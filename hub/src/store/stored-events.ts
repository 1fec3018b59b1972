import { SessionEvent } from "@aiflare/protocol";

/** A stored event if it is a valid event of `sessionId`, kept as stored (the schema would reorder keys); else undefined. */
export function validEvent(sessionId: string, value: unknown): SessionEvent | undefined {
  const parsed = SessionEvent.safeParse(value);
  return parsed.success && parsed.data.sessionId === sessionId ? (value as SessionEvent) : undefined;
}

/** Events in seq order, each seq once (the first one read wins: a stretch may have been archived twice). */
export function inSeqOrder(events: Iterable<SessionEvent>): SessionEvent[] {
  const bySeq = new Map<number, SessionEvent>();
  for (const event of events) if (!bySeq.has(event.seq)) bySeq.set(event.seq, event);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/**
 * The events among stored records (log lines, rows) with `afterSeq < seq <= untilSeq`, in seq
 * order: validated like a log at load, each seq once, another session's skipped.
 */
export function storedEvents(sessionId: string, records: Iterable<unknown>, afterSeq: number, untilSeq: number): SessionEvent[] {
  const events: SessionEvent[] = [];
  for (const raw of records) {
    const record = raw as { t?: unknown; v?: unknown };
    const value = record.t === "event" ? record.v : raw;
    const seq = (value as { seq?: unknown } | null)?.seq;
    if (typeof seq !== "number" || seq <= afterSeq || seq > untilSeq) continue;
    const event = validEvent(sessionId, value);
    if (event) events.push(event);
  }
  return inSeqOrder(events);
}
