import webpush from "web-push";
import { SubscriptionStore } from "./subscriptions.js";
import { loadVapidKeys } from "./vapid-keys.js";
/**
 * Web Push for the hub: the VAPID keys, the browsers' subscriptions, and sending (VAPID,
 * aes128gcm, through the `web-push` library). A subscription the push service answers 404
 * or 410 for is gone for good and dropped; other failures are logged and kept.
 */
export class PushService {
    keys;
    subscriptions;
    options;
    inFlight = new Set();
    constructor(keys, subscriptions, options) {
        this.keys = keys;
        this.subscriptions = subscriptions;
        this.options = options;
    }
    static async start(options) {
        const keys = options.shared ? await options.shared.vapidKeys() : await loadVapidKeys(options.dataDir);
        const subscriptions = new SubscriptionStore({ dataDir: options.dataDir, ...(options.shared ? { backing: options.shared.subscriptions } : {}) });
        await subscriptions.load();
        return new PushService(keys, subscriptions, options);
    }
    /** The applicationServerKey browsers subscribe with (base64url). */
    get publicKey() {
        return this.keys.publicKey;
    }
    subscribe(sub) {
        return this.subscriptions.add(sub);
    }
    unsubscribe(endpoint) {
        return this.subscriptions.remove(endpoint);
    }
    /** Endpoints subscribed now (tests and diagnostics). */
    endpoints() {
        return this.subscriptions.list().map((sub) => sub.endpoint);
    }
    /** Sends one message to every subscription (in the background; `settled()` waits for it). */
    notify(payload) {
        const sending = this.subscriptions
            .current()
            .then((subs) => Promise.all(subs.map((sub) => this.send(sub, payload))))
            .then(() => undefined, (error) => this.options.logger.warn({ err: error instanceof Error ? error.message : String(error) }, "push subscriptions unreadable"))
            .finally(() => this.inFlight.delete(sending));
        this.inFlight.add(sending);
    }
    /** Resolves when every send started so far has finished. */
    async settled() {
        while (this.inFlight.size > 0)
            await Promise.all([...this.inFlight]);
        await this.subscriptions.saved();
    }
    async close() {
        await this.settled();
    }
    async send(sub, payload) {
        try {
            await webpush.sendNotification(sub, JSON.stringify(payload), {
                vapidDetails: { subject: this.options.subject ?? "mailto:aiflare-hub@localhost", publicKey: this.keys.publicKey, privateKey: this.keys.privateKey },
                contentEncoding: "aes128gcm",
                TTL: 24 * 3600,
                urgency: payload.reason === "approval" ? "high" : "normal",
                timeout: 15_000,
            });
            this.options.logger.debug({ reason: payload.reason, sessionId: payload.sessionId }, "push sent");
        }
        catch (error) {
            const status = error instanceof webpush.WebPushError ? error.statusCode : undefined;
            const origin = safeOrigin(sub.endpoint);
            if (status === 404 || status === 410) {
                await this.subscriptions.remove(sub.endpoint);
                this.options.logger.warn({ status, origin }, "push subscription expired; dropped");
            }
            else {
                this.options.logger.warn({ status, origin, err: error instanceof Error ? error.message : String(error) }, "push failed");
            }
        }
    }
}
/** Only the origin of an endpoint is logged: its path identifies the browser. */
function safeOrigin(endpoint) {
    try {
        return new URL(endpoint).origin;
    }
    catch {
        return "(invalid)";
    }
}
//# sourceMappingURL=push-service.js.map