import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App.js";
import { loadMarkdown } from "./ui/Markdown.js";
import "./styles.css";

const root = document.getElementById("root");
if (root) createRoot(root).render(<StrictMode><App /></StrictMode>);
// Markdown (markdown-it, DOMPurify) is its own chunk: fetched right after the first paint.
setTimeout(() => void loadMarkdown(), 0);

// The service worker makes the app installable and shows push notifications (HTTPS or localhost only).
if ("serviceWorker" in navigator && window.isSecureContext) {
  navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch((error: unknown) => console.warn("service worker not registered:", error));
}
