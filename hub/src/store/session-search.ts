import type { SessionSummary } from "@aiflare/protocol";
import type { SessionStore } from "./session-store.js";

interface Indexed {
  lastSeq: number;
  /** Every message's text, lower-cased, one per line. */
  text: string;
}

/**
 * Finds sessions by title and message text (case-insensitive substring). Each session's
 * lower-cased transcript is kept and rebuilt only when its lastSeq moved, so a search is one
 * `includes` per session, not a fold of its timeline.
 */
export class SessionSearch {
  private readonly index = new Map<string, Indexed>();

  constructor(private readonly store: SessionStore) {
    store.subscribe({ onDeleted: (sessionId) => this.index.delete(sessionId) });
  }

  /** The sessions to list: archived ones left out unless `archived` (then every session), filtered by `q` when given, oldest first. */
  list(filter: { q?: string; archived?: boolean } = {}): SessionSummary[] {
    const needle = filter.q?.trim().toLowerCase() ?? "";
    return this.store
      .list()
      .filter((session) => filter.archived === true || session.archived !== true)
      .filter((session) => needle === "" || this.matches(session, needle))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  private matches(session: SessionSummary, needle: string): boolean {
    if (session.title.toLowerCase().includes(needle)) return true;
    return this.textOf(session).includes(needle);
  }

  private textOf(session: SessionSummary): string {
    const cached = this.index.get(session.id);
    if (cached?.lastSeq === session.lastSeq) return cached.text;
    const text = this.store
      .transcript(session.id)
      .map((message) => message.text.toLowerCase())
      .join("\n");
    this.index.set(session.id, { lastSeq: session.lastSeq, text });
    return text;
  }
}
