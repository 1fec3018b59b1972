import type { SessionSummary } from "@aiflare/protocol";

/** What a session is called in the list and its header: its title, else its folder's name. */
export function sessionName(s: Pick<SessionSummary, "title" | "workdir">): string {
  return s.title || s.workdir.split("/").filter(Boolean).at(-1) || s.workdir;
}
