import { join } from "node:path";
import { PushSubscriptionBody } from "@aiflare/protocol";
import { z } from "zod";
import { readJsonFile, writeJsonFile } from "../json-file.js";
const Stored = z.array(PushSubscriptionBody.pick({ endpoint: true, keys: true }).extend({ createdAt: z.string() }));
/**
 * Push subscriptions by endpoint, saved to `<data>/push-subscriptions.json` after each change
 * (writes in order), or kept in a shared backing that every node reads before it sends.
 */
export class SubscriptionStore {
    options;
    byEndpoint = new Map();
    path;
    saving = Promise.resolve();
    constructor(options) {
        this.options = options;
        this.path = join(options.dataDir, "push-subscriptions.json");
    }
    async load() {
        const parsed = Stored.safeParse(this.options.backing ? await this.options.backing.readAll() : await readJsonFile(this.path));
        if (!parsed.success)
            return;
        this.byEndpoint.clear();
        for (const sub of parsed.data)
            this.byEndpoint.set(sub.endpoint, sub);
    }
    /** The subscriptions as last read or changed here. */
    list() {
        return [...this.byEndpoint.values()];
    }
    /** The subscriptions now: a shared backing is read again (another node may have changed it). */
    async current() {
        if (this.options.backing)
            await this.load();
        return this.list();
    }
    /** Adds or replaces (same endpoint, new keys) a subscription. */
    add(sub) {
        const stored = { endpoint: sub.endpoint, keys: { p256dh: sub.keys.p256dh, auth: sub.keys.auth }, createdAt: new Date().toISOString() };
        this.byEndpoint.set(sub.endpoint, stored);
        return this.save(this.options.backing ? (backing) => backing.put(stored) : undefined);
    }
    /** Removes a subscription; resolves false when it was not there. */
    async remove(endpoint) {
        const backing = this.options.backing;
        const here = this.byEndpoint.delete(endpoint);
        if (backing) {
            let removed = false;
            await this.save(async (shared) => void (removed = await shared.remove(endpoint)));
            return removed || here;
        }
        if (!here)
            return false;
        await this.save();
        return true;
    }
    /** Resolves once every change so far is on disk. */
    saved() {
        return this.saving;
    }
    save(shared) {
        const backing = this.options.backing;
        this.saving = this.saving.catch(() => undefined).then(() => (backing && shared ? shared(backing) : writeJsonFile(this.path, this.list())));
        return this.saving;
    }
}
//# sourceMappingURL=subscriptions.js.map