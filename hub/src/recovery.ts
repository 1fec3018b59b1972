import type { SessionStore } from "./store/session-store.js";

/**
 * After a restart no turn is running, whatever the stored status says. Each session that
 * was busy gets its open turn closed as failed, a notice, and status `waiting`, so the
 * timeline tells the truth and the next prompt starts cleanly.
 */
export function recoverInterruptedSessions(store: SessionStore): string[] {
  const recovered: string[] = [];
  for (const session of store.list()) {
    if (session.status === "waiting" || session.status === "error") continue;
    const events = store.eventsAfter(session.id).events;
    let openTurn: string | undefined;
    for (let i = events.length - 1; i >= 0; i--) {
      const event = events[i];
      if (event?.type === "turn_completed") break;
      if (event?.type === "turn_started") {
        openTurn = event.turnId;
        break;
      }
    }
    store.append(session.id, { type: "notice", level: "warning", text: "The hub restarted while a turn was running; that turn was interrupted." });
    if (openTurn !== undefined) {
      store.append(session.id, { type: "turn_completed", turnId: openTurn, status: "failed", error: "interrupted by a hub restart" });
    }
    store.update(session.id, { status: "waiting" });
    recovered.push(session.id);
  }
  return recovered;
}
