import type { VapidKeyResponse } from "@aiflare/protocol";

/** Whether this browser can get push messages here (service workers need HTTPS or localhost). */
export function pushSupported(): boolean {
  return typeof window !== "undefined" && window.isSecureContext && "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
}

/** The applicationServerKey as bytes (the hub gives it base64url). */
function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(base64url.length / 4) * 4, "=");
  const raw = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

/** Whether a subscription was made with this key (browsers that do not say are trusted). */
function sameKey(had: ArrayBuffer | null | undefined, key: Uint8Array): boolean {
  if (!had) return true;
  const bytes = new Uint8Array(had);
  return bytes.length === key.length && bytes.every((b, i) => b === key[i]);
}

async function api(token: string, method: string, path: string, body?: unknown): Promise<Response> {
  const response = await fetch(path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status}`);
  return response;
}

/** This browser's current push subscription, if it has one. */
export async function currentSubscription(): Promise<PushSubscription | null> {
  if (!pushSupported()) return null;
  const registration = await navigator.serviceWorker.getRegistration();
  return (await registration?.pushManager.getSubscription()) ?? null;
}

/**
 * "Notify me" on: asks for permission, subscribes with the hub's VAPID key through the
 * service worker, and gives the subscription to the hub. Throws with a readable reason.
 */
export async function enablePush(token: string): Promise<void> {
  if (!pushSupported()) throw new Error("This browser cannot get notifications here (it needs HTTPS).");
  const permission = await Notification.requestPermission();
  if (permission !== "granted") throw new Error("Notifications are blocked for this site.");
  const registration = await navigator.serviceWorker.ready;
  const { key } = (await (await api(token, "GET", "/api/push/vapid-public-key")).json()) as VapidKeyResponse;
  const applicationServerKey = keyBytes(key);
  let existing = await registration.pushManager.getSubscription();
  if (existing && !sameKey(existing.options?.applicationServerKey, applicationServerKey)) {
    await existing.unsubscribe(); // made for another hub key (a new data dir): it would never deliver
    existing = null;
  }
  const subscription = existing ?? (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey }));
  await api(token, "POST", "/api/push/subscriptions", subscription.toJSON());
}

/** "Notify me" off: the hub forgets this browser, and the browser drops its subscription. */
export async function disablePush(token: string): Promise<void> {
  const subscription = await currentSubscription();
  if (!subscription) return;
  await api(token, "DELETE", "/api/push/subscriptions", { endpoint: subscription.endpoint });
  await subscription.unsubscribe();
}
