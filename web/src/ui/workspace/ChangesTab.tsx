import type { WorkspaceDiffResponse } from "@aiflare/protocol";
import { lazy, Suspense, useEffect, useState } from "react";
import { workspaceApi } from "../../hub/workspace-api.js";

const DiffView = lazy(() => import("../diff/DiffView.js"));

/** Every uncommitted change in the session's workdir; fetched again after each turn (`turns` changes). */
export function ChangesTab({ token, sessionId, turns }: { token: string; sessionId: string; turns: number }) {
  const [data, setData] = useState<WorkspaceDiffResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  useEffect(() => {
    let live = true;
    workspaceApi.diff(token, sessionId).then(
      (answer) => {
        if (!live) return;
        setData(answer);
        setError(null);
      },
      (failure: unknown) => live && setError(failure instanceof Error ? failure.message : String(failure)),
    );
    return () => {
      live = false;
    };
  }, [token, sessionId, turns, reload]);
  return (
    <div className="ws-changes" data-testid="workspace-changes">
      <div className="ws-toolbar">
        <span data-testid="changes-count">{data ? `${data.files.length} changed file${data.files.length === 1 ? "" : "s"}` : "loading…"}</span>
        <button className="btn btn-small" data-testid="changes-refresh" onClick={() => setReload((n) => n + 1)}>
          Refresh
        </button>
      </div>
      {error && <div className="ws-error">{error}</div>}
      {data?.notice && <div className="ws-notice" data-testid="changes-notice">{data.notice}</div>}
      {data && data.files.length > 0 && (
        <>
          <ul className="ws-file-list">
            {data.files.map((file) => (
              <li key={file.path} data-testid="changed-file" data-status={file.status}>
                <span className={`change change-${file.status}`}>{file.status[0]?.toUpperCase()}</span>
                <span className="mono">{file.path}</span>
              </li>
            ))}
          </ul>
          <Suspense fallback={<div className="muted small">loading the diff viewer…</div>}>
            <DiffView files={data.files} />
          </Suspense>
        </>
      )}
      {data && data.files.length === 0 && !data.notice && <div className="muted small ws-empty">No uncommitted changes.</div>}
    </div>
  );
}
