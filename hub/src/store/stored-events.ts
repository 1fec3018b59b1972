import { SessionEvent } from "@aiflare/protocol";

/**
 * The events among stored records (log lines, rows) with `afterSeq < seq <= untilSeq`, in seq
 * order: validated like a log at load (kept as stored), each seq once (a compaction that crashed
 * may have archived a stretch twice), another session's skipped.
 */
export function storedEvents(sessionId: string, records: Iterable<unknown>, afterSeq: number, untilSeq: number): SessionEvent[] {
  const bySeq = new Map<number, SessionEvent>();
  for (const raw of records) {
    const record = raw as { t?: unknown; v?: unknown };
    const value = record.t === "event" ? record.v : raw;
    const seq = (value as { seq?: unknown } | null)?.seq;
    if (typeof seq !== "number" || seq <= afterSeq || seq > untilSeq || bySeq.has(seq)) continue;
    const parsed = SessionEvent.safeParse(value);
    if (parsed.success && parsed.data.sessionId === sessionId) bySeq.set(seq, value as SessionEvent);
  }
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}
