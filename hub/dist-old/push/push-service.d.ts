import type { PushPayload, PushSubscriptionBody } from "@aiflare/protocol";
import type { Logger } from "../logger.js";
import { type SubscriptionBacking } from "./subscriptions.js";
import { type VapidKeys } from "./vapid-keys.js";
export interface PushServiceOptions {
    dataDir: string;
    logger: Pick<Logger, "warn" | "debug">;
    /** VAPID `sub` claim: whom push services may contact (`mailto:` or https URL). */
    subject?: string;
    /** Cluster: keys and subscriptions shared by every node (default: files in the data dir). */
    shared?: {
        subscriptions: SubscriptionBacking;
        vapidKeys: () => Promise<VapidKeys>;
    };
}
/**
 * Web Push for the hub: the VAPID keys, the browsers' subscriptions, and sending (VAPID,
 * aes128gcm, through the `web-push` library). A subscription the push service answers 404
 * or 410 for is gone for good and dropped; other failures are logged and kept.
 */
export declare class PushService {
    private readonly keys;
    private readonly subscriptions;
    private readonly options;
    private readonly inFlight;
    private constructor();
    static start(options: PushServiceOptions): Promise<PushService>;
    /** The applicationServerKey browsers subscribe with (base64url). */
    get publicKey(): string;
    subscribe(sub: PushSubscriptionBody): Promise<void>;
    unsubscribe(endpoint: string): Promise<boolean>;
    /** Endpoints subscribed now (tests and diagnostics). */
    endpoints(): string[];
    /** Sends one message to every subscription (in the background; `settled()` waits for it). */
    notify(payload: PushPayload): void;
    /** Resolves when every send started so far has finished. */
    settled(): Promise<void>;
    close(): Promise<void>;
    private send;
}
//# sourceMappingURL=push-service.d.ts.map