import { useState } from "react";
import { RestError } from "../../hub/rest.js";
import { useHubStore } from "./hub-context.js";

/** Confirms an undo, naming the files that go back; on a conflict lists them and offers to force. */
export function UndoDialog({ sessionId, turnId, files, onClose }: { sessionId: string; turnId: string; files: string[]; onClose: () => void }) {
  const store = useHubStore();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [conflicts, setConflicts] = useState<string[] | null>(null);
  const undo = async (force: boolean) => {
    setBusy(true);
    setError(null);
    try {
      await store.revert(sessionId, turnId, force);
      onClose();
    } catch (failure) {
      if (failure instanceof RestError && failure.status === 409 && failure.details?.length) setConflicts(failure.details.map((d) => d.path));
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="modal-backdrop" onClick={onClose}>
      <div className="modal" role="dialog" aria-label="Undo from here" data-testid="undo-dialog" onClick={(e) => e.stopPropagation()}>
        <h2>Undo this turn and every later one?</h2>
        <p className="muted">The conversation goes back to before this turn.{files.length > 0 ? " These files go back to how they were:" : " No files were changed."}</p>
        {files.length > 0 && (
          <ul className="file-list">
            {files.map((path) => (
              <li key={path} className="mono" data-testid="undo-file">
                {path}
              </li>
            ))}
          </ul>
        )}
        {error && (
          <div className="banner-error" data-testid="undo-error">
            {conflicts ? `Changed since by someone else: ${conflicts.join(", ")}` : error}
          </div>
        )}
        <div className="modal-actions">
          <button className="btn" data-testid="undo-cancel" onClick={onClose}>
            Cancel
          </button>
          {conflicts ? (
            <button className="btn btn-danger" data-testid="undo-force" disabled={busy} onClick={() => void undo(true)}>
              Undo anyway
            </button>
          ) : (
            <button className="btn btn-primary" data-testid="undo-submit" disabled={busy} onClick={() => void undo(false)}>
              Undo
            </button>
          )}
        </div>
      </div>
    </div>
  );
}
