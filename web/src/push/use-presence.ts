import { useEffect } from "react";

/**
 * Tells the service worker what this tab shows and whether it has focus, so a push for the
 * session a person is looking at shows no notification. Sent on every change of session,
 * focus and visibility.
 */
export function usePresence(activeId: string | null): void {
  useEffect(() => {
    if (!("serviceWorker" in navigator) || !window.isSecureContext) return;
    const tell = () => {
      const message = { type: "aiflare:viewing", path: window.location.pathname, focused: document.visibilityState === "visible" && document.hasFocus() };
      void navigator.serviceWorker.ready.then((registration) => registration.active?.postMessage(message));
    };
    tell();
    window.addEventListener("focus", tell);
    window.addEventListener("blur", tell);
    document.addEventListener("visibilitychange", tell);
    return () => {
      window.removeEventListener("focus", tell);
      window.removeEventListener("blur", tell);
      document.removeEventListener("visibilitychange", tell);
    };
  }, [activeId]);
}
