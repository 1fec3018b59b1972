// aiflare's service worker: makes the app installable and shows Web Push notifications.
// Plain JavaScript, served as is from the site root so its scope is the whole app.
/* global self, clients */

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

/** What each open tab says it shows and whether it has focus (page -> "aiflare:viewing"). */
const viewing = new Map();

self.addEventListener("message", (event) => {
  const data = event.data;
  if (data && data.type === "aiflare:viewing" && event.source && typeof data.path === "string") {
    viewing.set(event.source.id, { path: data.path, focused: data.focused === true });
  }
});

/** Whether a focused, visible tab shows this path (then it needs no notification). */
async function watched(path) {
  const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  for (const id of viewing.keys()) if (!windows.some((client) => client.id === id)) viewing.delete(id);
  return windows.some((client) => {
    if (client.visibilityState !== "visible") return false;
    const said = viewing.get(client.id);
    if (said) return said.focused && said.path === path;
    return client.focused && new URL(client.url).pathname === path;
  });
}

self.addEventListener("push", (event) => {
  event.waitUntil(
    (async () => {
      let data = null;
      try {
        data = event.data ? event.data.json() : null;
      } catch {
        data = null;
      }
      if (!data || typeof data.title !== "string") data = { title: "aiflare", body: event.data ? event.data.text() : "", url: "/", sessionId: "", reason: "" };
      if (data.sessionId && (await watched(data.url))) return; // the person is looking at it
      await self.registration.showNotification(data.title, {
        body: data.body,
        tag: `${data.sessionId}:${data.reason}`,
        renotify: true,
        requireInteraction: data.reason === "approval",
        icon: "/icons/icon-192.png",
        badge: "/icons/icon-192.png",
        data: { url: data.url, sessionId: data.sessionId, reason: data.reason },
      });
    })(),
  );
});

// A click opens the session: in an open tab of the app (focused, told to open it), else a new window.
self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = (event.notification.data && event.notification.data.url) || "/";
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
      const tab = windows.find((client) => new URL(client.url).origin === self.location.origin);
      if (tab) {
        await tab.focus();
        tab.postMessage({ type: "aiflare:open", url });
        return;
      }
      await self.clients.openWindow(new URL(url, self.location.origin).href);
    })(),
  );
});
