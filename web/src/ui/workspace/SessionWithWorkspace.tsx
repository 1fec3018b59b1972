import "./workspace.css";
import { useState, type ReactNode } from "react";
import type { HubStore, SessionView } from "../../hub/hub-store.js";
import { WorkspacePanel } from "./WorkspacePanel.js";

/** The session (timeline and composer) with the workspace panel beside it; on a phone, one of the two behind a switch. */
export function SessionWithWorkspace({ store, view, children }: { store: HubStore; view: SessionView; children: ReactNode }) {
  const [shown, setShown] = useState<"chat" | "workspace">("chat");
  return (
    <div className={`session-split show-${shown}`}>
      <div className="split-switch" role="tablist">
        <button role="tab" aria-selected={shown === "chat"} className={shown === "chat" ? "active" : ""} data-testid="show-chat" onClick={() => setShown("chat")}>
          Conversation
        </button>
        <button role="tab" aria-selected={shown === "workspace"} className={shown === "workspace" ? "active" : ""} data-testid="show-workspace" onClick={() => setShown("workspace")}>
          Workspace
        </button>
      </div>
      <div className="split-chat">{children}</div>
      <div className="split-workspace">
        <WorkspacePanel store={store} view={view} />
      </div>
    </div>
  );
}
