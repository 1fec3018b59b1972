import type { WorkerSummary } from "@aiflare/protocol";
import type { ReactNode } from "react";
import { BUSY, type Connection, type SessionView } from "../hub/hub-store.js";
import { WorkerTools } from "./WorkerTools.js";

const CONNECTION_LABEL: Record<Connection, string> = {
  connecting: "connecting…",
  connected: "connected",
  reconnecting: "reconnecting…",
  unauthorized: "token refused",
};

/** The session list, workers and connection; on a phone it is the home screen. */
export function Sidebar(props: {
  connection: Connection;
  workers: WorkerSummary[];
  sessions: SessionView[];
  activeId: string | null;
  onOpen: (id: string) => void;
  onNew: () => void;
  /** Shown at the bottom (the "Notify me" switch). */
  footer?: ReactNode;
}) {
  return (
    <aside className="sidebar">
      <div className="brand">
        <span className="logo" aria-hidden>
          ◆
        </span>
        aiflare
        <span className={`conn conn-${props.connection}`} data-testid="connection-status" data-state={props.connection} title={CONNECTION_LABEL[props.connection]}>
          <span className="dot" />
          {CONNECTION_LABEL[props.connection]}
        </span>
      </div>
      <button className="btn btn-primary new-session" data-testid="new-session" onClick={props.onNew}>
        + New session
      </button>
      <div className="section-title">Sessions</div>
      <nav className="session-list">
        {props.sessions.length === 0 && <div className="muted small">No sessions yet.</div>}
        {props.sessions.map((view) => {
          const s = view.summary;
          const busy = BUSY.has(s.status);
          return (
            <button
              key={s.id}
              className={`session-item${s.id === props.activeId ? " active" : ""}`}
              data-testid="session-item"
              data-session-id={s.id}
              data-status={s.status}
              onClick={() => props.onOpen(s.id)}
            >
              <span className={`status-dot status-${s.status}`} data-testid={busy ? "session-running" : undefined} />
              <span className="session-title">{s.title || s.workdir.split("/").filter(Boolean).at(-1) || s.workdir}</span>
              {view.unread && <span className="unread" data-testid="session-unread" aria-label="unread" />}
            </button>
          );
        })}
      </nav>
      <div className="section-title">Workers</div>
      <ul className="worker-list">
        {props.workers.length === 0 && <li className="muted small">No worker connected. Start one with aiflare-worker.</li>}
        {props.workers.map((w) => (
          <li key={w.id} data-testid="worker-item" data-status={w.status} title={w.roots.join("\n")}>
            <span className={`status-dot worker-${w.status}`} />
            {w.name}
            <span className="muted small"> {w.status}</span>
            <WorkerTools worker={w} />
          </li>
        ))}
      </ul>
      {props.footer && <div className="sidebar-footer">{props.footer}</div>}
    </aside>
  );
}
