import type { ExportFormat, SessionSummary } from "@aiflare/protocol";
import type { ActiveSessionRegistry } from "../registry/active-sessions.js";
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
    turns: {
        remove(sessionId: string): Promise<void>;
    };
    conversations: {
        delete(sessionId: string): Promise<void>;
    };
    activeSessions: ActiveSessionRegistry;
    /** Closes the session's terminals. */
    terminals?: {
        closeSession(sessionId: string): void;
    };
    /** Where attachments live (`<dataDir>/attachments/<sessionId>`). */
    dataDir?: string;
}
/** Rename, archive, search, delete and export: managing many sessions, for REST and the UI. */
export declare class SessionAdmin {
    private readonly options;
    readonly search: SessionSearch;
    constructor(options: SessionAdminOptions);
    list(filter: {
        q?: string;
        archived?: boolean;
    }): SessionSummary[];
    /** Changes title and/or the archived mark; resolves with the summary once it is written. */
    update(sessionId: string, patch: {
        title?: string;
        archived?: boolean;
    }): Promise<SessionSummary>;
    /**
     * Cancels a running turn (and waits for it to end), closes the session's terminals, and
     * removes its log, model conversation, attachments and active-session entries.
     */
    delete(sessionId: string): Promise<void>;
    /** The session as Markdown (the conversation) or JSON lines (every retained event). */
    export(session: SessionSummary, format: ExportFormat): ExportedFile;
}
//# sourceMappingURL=session-admin.d.ts.map