import { useEffect } from "react";
import type { HubStore } from "./hub-store.js";
import { pathForSession, sessionIdFromPath } from "./route.js";

/**
 * Keeps the address and the shown session in step: `/sessions/:id` opens that session (on
 * first load too, after `?token=` was taken), opening a session pushes its address, Back goes
 * to the previous one (on a phone: back to the list), and a notification click forwarded by
 * the service worker (`aiflare:open`) opens its session.
 */
export function useRouting(store: HubStore, activeId: string | null): void {
  useEffect(() => {
    const initial = sessionIdFromPath(window.location.pathname);
    if (initial) store.open(initial);
    const onPop = () => {
      const id = sessionIdFromPath(window.location.pathname);
      if (id) store.open(id);
      else store.home();
    };
    const onMessage = (event: MessageEvent<unknown>) => {
      const data = event.data as { type?: unknown; url?: unknown } | null;
      if (data?.type !== "aiflare:open" || typeof data.url !== "string") return;
      const id = sessionIdFromPath(new URL(data.url, window.location.origin).pathname);
      if (id) store.open(id);
    };
    window.addEventListener("popstate", onPop);
    navigator.serviceWorker?.addEventListener("message", onMessage);
    return () => {
      window.removeEventListener("popstate", onPop);
      navigator.serviceWorker?.removeEventListener("message", onMessage);
    };
  }, [store]);

  useEffect(() => {
    const path = pathForSession(activeId);
    if (window.location.pathname !== path) window.history.pushState(null, "", path + window.location.hash);
  }, [activeId]);
}
