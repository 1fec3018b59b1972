import type { SessionView } from "./hub-store.js";

/** Whether a session needs the person: it waits for an approval, or has news they have not seen. */
export function needsAttention(view: SessionView): boolean {
  return view.summary.status === "awaiting_approval" || view.unread;
}

/** The page title: "(2) aiflare" while two sessions need attention, else "aiflare". */
export function pageTitle(views: readonly SessionView[]): string {
  const count = views.filter(needsAttention).length;
  return count > 0 ? `(${count}) aiflare` : "aiflare";
}
