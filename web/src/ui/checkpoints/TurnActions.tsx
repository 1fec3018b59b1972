import { useMemo, useState, useSyncExternalStore } from "react";
import type { FileChange } from "@aiflare/protocol";
import { BUSY } from "../../hub/hub-store.js";
import { filesFromTurn, turnStates } from "../../hub/checkpoints.js";
import { DiffDialog } from "./DiffDialog.js";
import "./checkpoints.css";
import { useHubStore } from "./hub-context.js";
import { UndoDialog } from "./UndoDialog.js";

/** Under a finished turn: "N files changed" (opens the diff), "Undo from here", "Fork from here", or "reverted". */
export function TurnActions({ sessionId, turnId, changes }: { sessionId: string; turnId: string; changes?: FileChange[] }) {
  const store = useHubStore();
  const view = useSyncExternalStore(store.subscribe, () => store.getState().sessions[sessionId]);
  const turns = useMemo(() => turnStates(view?.events ?? []), [view?.events, view?.version]);
  const [open, setOpen] = useState<"diff" | "undo" | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reverted = turns.find((t) => t.turnId === turnId)?.reverted ?? false;
  const busy = view ? BUSY.has(view.summary.status) : true;
  const count = changes?.length ?? 0;
  return (
    <div className={`turn-actions${reverted ? " turn-is-reverted" : ""}`} data-testid="turn-actions" data-turn-id={turnId}>
      {count > 0 && (
        <button className="linkish" data-testid="turn-files" onClick={() => setOpen("diff")}>
          {count} {count === 1 ? "file" : "files"} changed
        </button>
      )}
      {reverted ? (
        <span className="pill pill-reverted" data-testid="turn-reverted">
          reverted
        </span>
      ) : (
        <button className="linkish" data-testid="turn-undo" disabled={busy} onClick={() => setOpen("undo")}>
          Undo from here
        </button>
      )}
      <button
        className="linkish"
        data-testid="turn-fork"
        disabled={busy}
        onClick={() => void store.fork(sessionId, turnId).catch((failure: unknown) => setError(failure instanceof Error ? failure.message : String(failure)))}
      >
        Fork from here
      </button>
      {error && <span className="turn-action-error">{error}</span>}
      {open === "diff" && <DiffDialog sessionId={sessionId} turnId={turnId} onClose={() => setOpen(null)} />}
      {open === "undo" && <UndoDialog sessionId={sessionId} turnId={turnId} files={filesFromTurn(turns, turnId)} onClose={() => setOpen(null)} />}
    </div>
  );
}
