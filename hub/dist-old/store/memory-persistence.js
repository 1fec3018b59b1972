/** Keeps logs in memory (JSON round-tripped, as on disk); for tests and throwaway hubs. */
export class MemoryPersistence {
    logs = new Map();
    loadAll() {
        return Promise.resolve([...this.logs].map(([sessionId, lines]) => ({
            sessionId,
            records: lines.map((line) => JSON.parse(line)),
            skippedLines: 0,
        })));
    }
    append(sessionId, records) {
        let lines = this.logs.get(sessionId);
        if (!lines)
            this.logs.set(sessionId, (lines = []));
        for (const record of records)
            lines.push(JSON.stringify(record));
        return Promise.resolve();
    }
    rewrite(sessionId, records) {
        this.logs.set(sessionId, records.map((record) => JSON.stringify(record)));
        return Promise.resolve();
    }
    delete(sessionId) {
        this.logs.delete(sessionId);
        return Promise.resolve();
    }
    /** Number of records stored for a session (tests use it to see compaction). */
    recordCount(sessionId) {
        return this.logs.get(sessionId)?.length ?? 0;
    }
    close() {
        return Promise.resolve();
    }
}
//# sourceMappingURL=memory-persistence.js.map