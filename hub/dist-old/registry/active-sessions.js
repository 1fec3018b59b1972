import { join } from "node:path";
import { z } from "zod";
import { readJsonFile, writeJsonFile } from "../json-file.js";
const Stored = z.record(z.string(), z.string());
/**
 * Which session is active in which context (an editor window, a chat channel, ...).
 * Kept in `<dataDir>/active-sessions.json` (or a shared backing) so it survives restarts.
 */
export class ActiveSessionRegistry {
    options;
    map = new Map();
    listeners = new Set();
    saving = Promise.resolve();
    constructor(options = {}) {
        this.options = options;
    }
    async load() {
        if (this.options.backing)
            return this.reload();
        if (!this.options.dataDir)
            return;
        const parsed = Stored.safeParse(await readJsonFile(this.file()));
        if (parsed.success)
            for (const [context, id] of Object.entries(parsed.data))
                this.map.set(context, id);
    }
    /** Reads the shared backing again (another node changed it); listeners hear of each context that changed. */
    async reload() {
        const backing = this.options.backing;
        if (!backing)
            return;
        const fresh = Stored.parse(await backing.readAll());
        const changed = [];
        for (const [context, id] of this.map)
            if (fresh[context] !== id)
                changed.push([context, fresh[context] ?? null]);
        for (const [context, id] of Object.entries(fresh))
            if (!this.map.has(context))
                changed.push([context, id]);
        for (const [context, id] of changed) {
            if (id === null)
                this.map.delete(context);
            else
                this.map.set(context, id);
            for (const listener of this.listeners)
                listener(context, id);
        }
    }
    get(context) {
        return this.map.get(context) ?? null;
    }
    /** Sets (or with null clears) a context's session; resolves once saved. */
    async set(context, sessionId) {
        if (sessionId === null)
            this.map.delete(context);
        else
            this.map.set(context, sessionId);
        for (const listener of this.listeners)
            listener(context, sessionId);
        await this.save(context, sessionId);
    }
    listContexts() {
        return [...this.map].map(([context, sessionId]) => ({ context, sessionId }));
    }
    subscribe(listener) {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
    }
    file() {
        return join(this.options.dataDir ?? ".", "active-sessions.json");
    }
    save(context, sessionId) {
        const { backing, dataDir } = this.options;
        if (!backing && !dataDir)
            return Promise.resolve();
        // Saves run one after another; a file save writes the latest map, a shared one the context.
        this.saving = this.saving
            .catch(() => undefined)
            .then(() => (backing ? backing.write(context, sessionId) : writeJsonFile(this.file(), Object.fromEntries(this.map))));
        return this.saving;
    }
}
//# sourceMappingURL=active-sessions.js.map