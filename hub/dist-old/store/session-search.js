/**
 * Finds sessions by title and message text (case-insensitive substring). Each session's
 * lower-cased transcript is kept and rebuilt only when its lastSeq moved, so a search is one
 * `includes` per session, not a fold of its timeline.
 */
export class SessionSearch {
    store;
    index = new Map();
    constructor(store) {
        this.store = store;
        store.subscribe({ onDeleted: (sessionId) => this.index.delete(sessionId) });
    }
    /** The sessions to list: archived ones only when asked for, filtered by `q` when given, oldest first. */
    list(filter = {}) {
        const needle = filter.q?.trim().toLowerCase() ?? "";
        return this.store
            .list()
            .filter((session) => (filter.archived === true ? session.archived === true : session.archived !== true))
            .filter((session) => needle === "" || this.matches(session, needle))
            .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    }
    matches(session, needle) {
        if (session.title.toLowerCase().includes(needle))
            return true;
        return this.textOf(session).includes(needle);
    }
    textOf(session) {
        const cached = this.index.get(session.id);
        if (cached?.lastSeq === session.lastSeq)
            return cached.text;
        const text = this.store
            .transcript(session.id)
            .map((message) => message.text.toLowerCase())
            .join("\n");
        this.index.set(session.id, { lastSeq: session.lastSeq, text });
        return text;
    }
}
//# sourceMappingURL=session-search.js.map