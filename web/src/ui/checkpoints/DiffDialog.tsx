import type { FileDiff } from "@aiflare/protocol";
import { Suspense, lazy, useEffect, useState } from "react";
import { useHubStore } from "./hub-context.js";

// The viewer and its highlighter load only when a diff is opened.
const DiffView = lazy(() => import("../diff/DiffView.js"));

/** A turn's changes in a dialog, fetched when opened. */
export function DiffDialog({ sessionId, turnId, onClose }: { sessionId: string; turnId: string; onClose: () => void }) {
  const store = useHubStore();
  const [files, setFiles] = useState<FileDiff[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    store.turnDiff(sessionId, turnId).then(
      (answer) => live && setFiles(answer.files),
      (failure: unknown) => live && setError(failure instanceof Error ? failure.message : String(failure)),
    );
    return () => {
      live = false;
    };
  }, [store, sessionId, turnId]);
  return (
    <div className="modal-backdrop" onClick={onClose}>
      <div className="modal modal-wide" role="dialog" aria-label="Changes of this turn" data-testid="diff-dialog" onClick={(e) => e.stopPropagation()}>
        <div className="modal-title-row">
          <h2>Changes of this turn</h2>
          <button className="btn" data-testid="diff-close" onClick={onClose}>
            Close
          </button>
        </div>
        {error && <div className="banner-error">{error}</div>}
        {!files && !error && <div className="muted">Loading the diff…</div>}
        {files && (
          <Suspense fallback={<div className="muted">Loading the diff viewer…</div>}>
            <DiffView files={files} />
          </Suspense>
        )}
      </div>
    </div>
  );
}
