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

/** Push subscriptions by endpoint, saved to `<data>/push-subscriptions.json` after each change (writes in order). */
export class SubscriptionStore {
  private readonly byEndpoint = new Map<string, StoredSubscription>();
  private readonly path: string;
  private saving: Promise<void> = Promise.resolve();

  constructor(options: { dataDir: string }) {
    this.path = join(options.dataDir, "push-subscriptions.json");
  }

  async load(): Promise<void> {
    const parsed = Stored.safeParse(await readJsonFile(this.path));
    if (parsed.success) for (const sub of parsed.data) this.byEndpoint.set(sub.endpoint, sub);
  }

  list(): StoredSubscription[] {
    return [...this.byEndpoint.values()];
  }

  /** Adds or replaces (same endpoint, new keys) a subscription. */
  add(sub: Omit<StoredSubscription, "createdAt">): Promise<void> {
    this.byEndpoint.set(sub.endpoint, { endpoint: sub.endpoint, keys: { p256dh: sub.keys.p256dh, auth: sub.keys.auth }, createdAt: new Date().toISOString() });
    return this.save();
  }

  /** Removes a subscription; resolves false when it was not there. */
  async remove(endpoint: string): Promise<boolean> {
    if (!this.byEndpoint.delete(endpoint)) return false;
    await this.save();
    return true;
  }

  /** Resolves once every change so far is on disk. */
  saved(): Promise<void> {
    return this.saving;
  }

  private save(): Promise<void> {
    this.saving = this.saving.catch(() => undefined).then(() => writeJsonFile(this.path, this.list()));
    return this.saving;
  }
}
