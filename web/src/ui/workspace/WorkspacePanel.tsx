import { useState } from "react";
import type { HubStore, SessionView } from "../../hub/hub-store.js";
import { ChangesTab } from "./ChangesTab.js";
import { FilesTab } from "./FilesTab.js";
import { TerminalTab } from "./TerminalTab.js";

type Tab = "changes" | "files" | "terminal";
const TABS: [Tab, string][] = [
  ["changes", "Changes"],
  ["files", "Files"],
  ["terminal", "Terminal"],
];

/** Beside the timeline: the workdir's uncommitted changes, its files, and terminals on the worker. */
export function WorkspacePanel({ store, view }: { store: HubStore; view: SessionView }) {
  const [tab, setTab] = useState<Tab>("changes");
  const turns = view.events.reduce((n, event) => (event.type === "turn_completed" ? n + 1 : n), 0);
  const id = view.summary.id;
  return (
    <section className="workspace" data-testid="workspace-panel">
      <div className="ws-tabs" role="tablist">
        {TABS.map(([key, label]) => (
          <button key={key} role="tab" aria-selected={tab === key} className={`ws-tab${tab === key ? " active" : ""}`} data-testid={`workspace-tab-${key}`} onClick={() => setTab(key)}>
            {label}
          </button>
        ))}
      </div>
      <div className="ws-body">
        {tab === "changes" && <ChangesTab token={store.token} sessionId={id} turns={turns} />}
        {tab === "files" && <FilesTab token={store.token} sessionId={id} />}
        <div style={{ display: tab === "terminal" ? "contents" : "none" }}>
          <TerminalTab client={store.terminals} sessionId={id} />
        </div>
      </div>
    </section>
  );
}
