import type { PushPayload, PushSubscriptionBody } from "@aiflare/protocol";
import webpush from "web-push";
import type { Logger } from "../logger.js";
import { SubscriptionStore, type SubscriptionBacking } from "./subscriptions.js";
import { loadVapidKeys, type VapidKeys } from "./vapid-keys.js";

export interface PushServiceOptions {
  dataDir: string;
  logger: Pick<Logger, "warn" | "debug">;
  /** VAPID `sub` claim: whom push services may contact (`mailto:` or https URL). */
  subject?: string;
  /** Cluster: keys and subscriptions shared by every node (default: files in the data dir). */
  shared?: { subscriptions: SubscriptionBacking; vapidKeys: () => Promise<VapidKeys> };
}

/**
 * Web Push for the hub: the VAPID keys, the browsers' subscriptions, and sending (VAPID,
 * aes128gcm, through the `web-push` library). A subscription the push service answers 404
 * or 410 for is gone for good and dropped; other failures are logged and kept.
 */
export class PushService {
  private readonly inFlight = new Set<Promise<void>>();

  private constructor(
    private readonly keys: VapidKeys,
    private readonly subscriptions: SubscriptionStore,
    private readonly options: PushServiceOptions,
  ) {}

  static async start(options: PushServiceOptions): Promise<PushService> {
    const keys = options.shared ? await options.shared.vapidKeys() : await loadVapidKeys(options.dataDir);
    const subscriptions = new SubscriptionStore({ dataDir: options.dataDir, ...(options.shared ? { backing: options.shared.subscriptions } : {}) });
    await subscriptions.load();
    return new PushService(keys, subscriptions, options);
  }

  /** The applicationServerKey browsers subscribe with (base64url). */
  get publicKey(): string {
    return this.keys.publicKey;
  }

  subscribe(sub: PushSubscriptionBody): Promise<void> {
    return this.subscriptions.add(sub);
  }

  unsubscribe(endpoint: string): Promise<boolean> {
    return this.subscriptions.remove(endpoint);
  }

  /** Endpoints subscribed now (tests and diagnostics). */
  endpoints(): string[] {
    return this.subscriptions.list().map((sub) => sub.endpoint);
  }

  /** Sends one message to every subscription (in the background; `settled()` waits for it). */
  notify(payload: PushPayload): void {
    const sending: Promise<void> = this.subscriptions
      .current()
      .then((subs) => Promise.all(subs.map((sub) => this.send(sub, payload))))
      .then(
        () => undefined,
        (error: unknown) => this.options.logger.warn({ err: error instanceof Error ? error.message : String(error) }, "push subscriptions unreadable"),
      )
      .finally(() => this.inFlight.delete(sending));
    this.inFlight.add(sending);
  }

  /** Resolves when every send started so far has finished. */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
    await this.subscriptions.saved();
  }

  async close(): Promise<void> {
    await this.settled();
  }

  private async send(sub: { endpoint: string; keys: { p256dh: string; auth: string } }, payload: PushPayload): Promise<void> {
    try {
      await webpush.sendNotification(sub, JSON.stringify(payload), {
        vapidDetails: { subject: this.options.subject ?? "mailto:aiflare-hub@localhost", publicKey: this.keys.publicKey, privateKey: this.keys.privateKey },
        contentEncoding: "aes128gcm",
        TTL: 24 * 3600,
        urgency: payload.reason === "approval" ? "high" : "normal",
        timeout: 15_000,
      });
      this.options.logger.debug({ reason: payload.reason, sessionId: payload.sessionId }, "push sent");
    } catch (error) {
      const status = error instanceof webpush.WebPushError ? error.statusCode : undefined;
      const origin = safeOrigin(sub.endpoint);
      if (status === 404 || status === 410) {
        await this.subscriptions.remove(sub.endpoint);
        this.options.logger.warn({ status, origin }, "push subscription expired; dropped");
      } else {
        this.options.logger.warn({ status, origin, err: error instanceof Error ? error.message : String(error) }, "push failed");
      }
    }
  }
}

/** Only the origin of an endpoint is logged: its path identifies the browser. */
function safeOrigin(endpoint: string): string {
  try {
    return new URL(endpoint).origin;
  } catch {
    return "(invalid)";
  }
}
