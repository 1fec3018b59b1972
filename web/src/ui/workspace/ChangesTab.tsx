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
              <ChangedFile key={file.path} path={file.path} status={file.status} />
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

/** One row of the list: the file's name first, its folder after it (cut short), a tap shows its diff. */
function ChangedFile({ path, status }: { path: string; status: string }) {
  const cut = path.lastIndexOf("/");
  const name = path.slice(cut + 1);
  const dir = cut >= 0 ? path.slice(0, cut + 1) : "";
  const show = () => {
    const target = Array.from(document.querySelectorAll<HTMLElement>("[data-testid=diff-file]")).find((el) => el.dataset.path === path);
    target?.scrollIntoView({ block: "start", behavior: "smooth" });
  };
  return (
    <li data-testid="changed-file" data-status={status} title={path}>
      <span className={`change change-${status}`}>{status[0]?.toUpperCase()}</span>
      <button type="button" className="ws-file-link" onClick={show}>
        <span className="ws-file-name">{name}</span>
        {dir && <span className="ws-file-dir">{dir}</span>}
      </button>
    </li>
  );
}
