import { rm } from "node:fs/promises";
import { join } from "node:path";
import type { ExportFormat, SessionSummary } from "@aiflare/protocol";
import type { ActiveSessionRegistry } from "../registry/active-sessions.js";
import { exportJsonl, exportMarkdown } from "../store/session-export.js";
import { SessionSearch } from "../store/session-search.js";
import type { SessionStore } from "../store/session-store.js";

/** A file to download: its body, type and a suggested name. */
export interface ExportedFile {
  body: string;
  contentType: string;
  filename: string;
}

export interface SessionAdminOptions {
  store: SessionStore;
  /** Stops the session's turn and waits for it (SessionRunner.remove). */
  turns: { remove(sessionId: string): Promise<void> };
  conversations: { delete(sessionId: string): Promise<void> };
  activeSessions: ActiveSessionRegistry;
  /** Closes the session's terminals. */
  terminals?: { closeSession(sessionId: string): void };
  /** Where attachments live (`<dataDir>/attachments/<sessionId>`). */
  dataDir?: string;
}

/** Rename, archive, search, delete and export: managing many sessions, for REST and the UI. */
export class SessionAdmin {
  readonly search: SessionSearch;

  constructor(private readonly options: SessionAdminOptions) {
    this.search = new SessionSearch(options.store);
  }

  list(filter: { q?: string; archived?: boolean }): SessionSummary[] {
    return this.search.list(filter);
  }

  /** Changes title and/or the archived mark; resolves with the summary once it is written. */
  async update(sessionId: string, patch: { title?: string; archived?: boolean }): Promise<SessionSummary> {
    const { store } = this.options;
    store.update(sessionId, patch);
    await store.flush(sessionId);
    return store.get(sessionId) ?? store.latest(sessionId)!;
  }

  /**
   * Cancels a running turn (and waits for it to end), closes the session's terminals, and
   * removes its log, model conversation, attachments and active-session entries.
   */
  async delete(sessionId: string): Promise<void> {
    const { store, turns, conversations, activeSessions, terminals, dataDir } = this.options;
    if (!store.has(sessionId)) return;
    await turns.remove(sessionId);
    terminals?.closeSession(sessionId);
    await store.delete(sessionId);
    await conversations.delete(sessionId);
    if (dataDir && /^[A-Za-z0-9_-]{1,128}$/.test(sessionId)) await rm(join(dataDir, "attachments", sessionId), { recursive: true, force: true });
    for (const { context, sessionId: id } of activeSessions.listContexts()) if (id === sessionId) await activeSessions.set(context, null);
  }

  /** The session as Markdown (the conversation) or JSON lines (every event, compacted ones included). */
  async export(session: SessionSummary, format: ExportFormat): Promise<ExportedFile> {
    const { store } = this.options;
    const { events } = await store.catchUp(session.id, 0);
    const base = `aiflare-${(session.title || "session").replace(/[^A-Za-z0-9_.-]+/g, "-").slice(0, 60)}-${session.id.slice(0, 8)}`;
    if (format === "jsonl") return { body: exportJsonl(events), contentType: "application/x-ndjson; charset=utf-8", filename: `${base}.jsonl` };
    return { body: exportMarkdown(session, store.transcript(session.id), events), contentType: "text/markdown; charset=utf-8", filename: `${base}.md` };
  }
}
