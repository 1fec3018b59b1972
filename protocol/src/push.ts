import { z } from "zod";

/** `GET /api/push/vapid-public-key`: the hub's VAPID public key (base64url), the browser's applicationServerKey. */
export const VapidKeyResponse = z.object({ key: z.string() });
export type VapidKeyResponse = z.infer<typeof VapidKeyResponse>;

/** `POST /api/push/subscriptions`: a browser's PushSubscription as `toJSON()` gives it. */
export const PushSubscriptionBody = z.object({
  endpoint: z.url({ protocol: /^https$/, error: "endpoint must be an https URL" }).max(2000),
  expirationTime: z.number().nullable().optional(),
  keys: z.strictObject({
    p256dh: z.string().min(1).max(200).regex(/^[A-Za-z0-9_-]+=*$/, "p256dh must be base64url"),
    auth: z.string().min(1).max(100).regex(/^[A-Za-z0-9_-]+=*$/, "auth must be base64url"),
  }),
});
export type PushSubscriptionBody = z.infer<typeof PushSubscriptionBody>;

/** `DELETE /api/push/subscriptions`. */
export const PushUnsubscribeBody = z.object({ endpoint: z.string().min(1).max(2000) });
export type PushUnsubscribeBody = z.infer<typeof PushUnsubscribeBody>;

/** Why the hub notifies. */
export const PushReason = z.enum(["approval", "completed", "failed"]);
export type PushReason = z.infer<typeof PushReason>;

/**
 * What a push message carries (JSON, encrypted with aes128gcm): the service worker shows it
 * and opens `url` (the deep link `/sessions/:id`) on click.
 */
export const PushPayload = z.object({
  sessionId: z.string(),
  reason: PushReason,
  title: z.string(),
  body: z.string(),
  url: z.string(),
});
export type PushPayload = z.infer<typeof PushPayload>;
