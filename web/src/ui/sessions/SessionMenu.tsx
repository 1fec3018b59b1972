import type { SessionSummary } from "@aiflare/protocol";
import { useState } from "react";
import { workspaceApi } from "../../hub/workspace-api.js";

/** Rename, archive / unarchive, export and delete (after a confirmation) one session. */
export function SessionMenu({ token, session, onChanged }: { token: string; session: SessionSummary; onChanged: (summary?: SessionSummary) => void }) {
  const [open, setOpen] = useState(false);
  const [renaming, setRenaming] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [title, setTitle] = useState(session.title);
  const [error, setError] = useState<string | null>(null);
  const run = (work: Promise<unknown>) =>
    work.then(
      () => {
        setOpen(false);
        setRenaming(false);
        setConfirming(false);
        setError(null);
        onChanged();
      },
      (failure: unknown) => setError(failure instanceof Error ? failure.message : String(failure)),
    );
  const update = (patch: { title?: string; archived?: boolean }) => run(workspaceApi.update(token, session.id, patch).then(({ session: s }) => onChanged(s)));
  return (
    <div className="session-menu">
      <button className="session-menu-button" data-testid="session-menu" aria-label="session actions" onClick={() => setOpen((o) => !o)}>
        ⋯
      </button>
      {open && (
        <div className="session-menu-pop" data-testid="session-menu-pop" role="menu">
          {renaming ? (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                void update({ title: title.trim() });
              }}
            >
              <input autoFocus data-testid="rename-input" value={title} onChange={(e) => setTitle(e.target.value)} maxLength={500} />
              <button type="submit" className="btn btn-small btn-primary" data-testid="rename-save">
                Save
              </button>
            </form>
          ) : confirming ? (
            <div className="confirm">
              <div>Delete this session, its timeline and files in the hub? This cannot be undone.</div>
              <button className="btn btn-small btn-danger" data-testid="confirm-delete" onClick={() => void run(workspaceApi.remove(token, session.id))}>
                Delete
              </button>
              <button className="btn btn-small" onClick={() => setConfirming(false)}>
                Keep
              </button>
            </div>
          ) : (
            <>
              <button role="menuitem" data-testid="menu-rename" onClick={() => setRenaming(true)}>
                Rename
              </button>
              <button role="menuitem" data-testid="menu-archive" onClick={() => void update({ archived: !session.archived })}>
                {session.archived ? "Unarchive" : "Archive"}
              </button>
              <button role="menuitem" data-testid="menu-export-md" onClick={() => void run(workspaceApi.download(token, session.id, "markdown"))}>
                Export Markdown
              </button>
              <button role="menuitem" data-testid="menu-export-jsonl" onClick={() => void run(workspaceApi.download(token, session.id, "jsonl"))}>
                Export JSON lines
              </button>
              <button role="menuitem" className="danger" data-testid="menu-delete" onClick={() => setConfirming(true)}>
                Delete…
              </button>
            </>
          )}
          {error && <div className="form-error">{error}</div>}
        </div>
      )}
    </div>
  );
}
