import "./sessions.css";
import type { SessionSummary } from "@aiflare/protocol";
import { useEffect, useState } from "react";
import { BUSY, type SessionView } from "../../hub/hub-store.js";
import { workspaceApi } from "../../hub/workspace-api.js";
import { SessionMenu } from "./SessionMenu.js";
import { sessionName } from "../session-name.js";

/** The sidebar's sessions: a search box (titles and message text, on the hub), archived ones behind a toggle, a menu per session. */
export function SessionList(props: { token: string; sessions: SessionView[]; activeId: string | null; onOpen: (id: string) => void; onChanged: (summary?: SessionSummary) => void }) {
  const [query, setQuery] = useState("");
  const [archived, setArchived] = useState(false);
  const [matches, setMatches] = useState<Set<string> | null>(null);
  useEffect(() => {
    const text = query.trim();
    if (text === "") return setMatches(null);
    let live = true;
    const timer = setTimeout(() => {
      workspaceApi.search(props.token, text, archived).then(
        ({ sessions }) => live && setMatches(new Set(sessions.map((s) => s.id))),
        () => live && setMatches(new Set()),
      );
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [query, archived, props.token]);
  const shown = props.sessions.filter((view) => (view.summary.archived === true) === archived && (!matches || matches.has(view.summary.id)));
  return (
    <>
      <div className="section-title session-list-head">
        <span>{archived ? "Archived sessions" : "Sessions"}</span>
        <button className="link archived-toggle" data-testid="show-archived" aria-pressed={archived} onClick={() => setArchived((a) => !a)}>
          {archived ? "active" : "archived"}
        </button>
      </div>
      <input className="session-search" data-testid="session-search" type="search" placeholder="Search sessions…" value={query} onChange={(e) => setQuery(e.target.value)} />
      <nav className="session-list">
        {shown.length === 0 && <div className="muted small">{query ? "No session matches." : archived ? "No archived sessions." : "No sessions yet."}</div>}
        {shown.map((view) => {
          const s = view.summary;
          const busy = BUSY.has(s.status);
          return (
            <div key={s.id} className={`session-row${s.id === props.activeId ? " active" : ""}`}>
              <button className={`session-item${s.id === props.activeId ? " active" : ""}`} data-testid="session-item" data-session-id={s.id} data-status={s.status} onClick={() => props.onOpen(s.id)}>
                <span className={`status-dot status-${s.status}`} data-testid={busy ? "session-running" : undefined} />
                <span className="session-title">{sessionName(s)}</span>
                {view.unread && <span className="unread" data-testid="session-unread" aria-label="unread" />}
              </button>
              <SessionMenu token={props.token} session={s} onChanged={props.onChanged} />
            </div>
          );
        })}
      </nav>
    </>
  );
}
