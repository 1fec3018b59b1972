import type { SessionSummary, WorkerSummary } from "@aiflare/protocol";
import type { ReactNode } from "react";
import type { Connection, SessionView } from "../hub/hub-store.js";
import { SessionList } from "./sessions/SessionList.js";
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
  /** The token, for session management over REST. */
  token: string;
  /** A session was renamed, archived or deleted (with its new summary, when there is one). */
  onChanged: (summary?: SessionSummary) => void;
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
      <SessionList token={props.token} sessions={props.sessions} activeId={props.activeId} onOpen={props.onOpen} onChanged={props.onChanged} />
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
