import { join } from "node:path";
import { PushSubscriptionBody } from "@aiflare/protocol";
import { z } from "zod";
import { readJsonFile, writeJsonFile } from "../json-file.js";

/** A browser's push subscription as the hub keeps it. */
export interface StoredSubscription {
  endpoint: string;
  keys: { p256dh: string; auth: string };
  createdAt: string;
}

const Stored = z.array(PushSubscriptionBody.pick({ endpoint: true, keys: true }).extend({ createdAt: z.string() }));

/** Where subscriptions live when several hub nodes share them (cluster: PostgreSQL). */
export interface SubscriptionBacking {
  readAll(): Promise<StoredSubscription[]>;
  put(sub: StoredSubscription): Promise<void>;
  /** False when it was not there. */
  remove(endpoint: string): Promise<boolean>;
}

/**
 * Push subscriptions by endpoint, saved to `<data>/push-subscriptions.json` after each change
 * (writes in order), or kept in a shared backing that every node reads before it sends.
 */
export class SubscriptionStore {
  private readonly byEndpoint = new Map<string, StoredSubscription>();
  private readonly path: string;
  private saving: Promise<void> = Promise.resolve();

  constructor(private readonly options: { dataDir: string; backing?: SubscriptionBacking }) {
    this.path = join(options.dataDir, "push-subscriptions.json");
  }

  async load(): Promise<void> {
    const parsed = Stored.safeParse(this.options.backing ? await this.options.backing.readAll() : await readJsonFile(this.path));
    if (!parsed.success) return;
    this.byEndpoint.clear();
    for (const sub of parsed.data) this.byEndpoint.set(sub.endpoint, sub);
  }

  /** The subscriptions as last read or changed here. */
  list(): StoredSubscription[] {
    return [...this.byEndpoint.values()];
  }

  /** The subscriptions now: a shared backing is read again (another node may have changed it). */
  async current(): Promise<StoredSubscription[]> {
    if (this.options.backing) await this.load();
    return this.list();
  }

  /** Adds or replaces (same endpoint, new keys) a subscription. */
  add(sub: Omit<StoredSubscription, "createdAt">): Promise<void> {
    const stored: StoredSubscription = { endpoint: sub.endpoint, keys: { p256dh: sub.keys.p256dh, auth: sub.keys.auth }, createdAt: new Date().toISOString() };
    this.byEndpoint.set(sub.endpoint, stored);
    return this.save(this.options.backing ? (backing) => backing.put(stored) : undefined);
  }

  /** Removes a subscription; resolves false when it was not there. */
  async remove(endpoint: string): Promise<boolean> {
    const backing = this.options.backing;
    const here = this.byEndpoint.delete(endpoint);
    if (backing) {
      let removed = false;
      await this.save(async (shared) => void (removed = await shared.remove(endpoint)));
      return removed || here;
    }
    if (!here) return false;
    await this.save();
    return true;
  }

  /** Resolves once every change so far is on disk. */
  saved(): Promise<void> {
    return this.saving;
  }

  private save(shared?: (backing: SubscriptionBacking) => Promise<void>): Promise<void> {
    const backing = this.options.backing;
    this.saving = this.saving.catch(() => undefined).then(() => (backing && shared ? shared(backing) : writeJsonFile(this.path, this.list())));
    return this.saving;
  }
}
