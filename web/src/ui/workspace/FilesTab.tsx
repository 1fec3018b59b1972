import type { WorkspaceFileResponse, WorkspaceTreeResponse } from "@aiflare/protocol";
import { useEffect, useState } from "react";
import { workspaceApi } from "../../hub/workspace-api.js";

const size = (bytes: number) => (bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`);

/** The workdir's folders and a read-only view of one file. */
export function FilesTab({ token, sessionId }: { token: string; sessionId: string }) {
  const [path, setPath] = useState("");
  const [tree, setTree] = useState<WorkspaceTreeResponse | null>(null);
  const [file, setFile] = useState<WorkspaceFileResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    workspaceApi.tree(token, sessionId, path).then(
      (answer) => live && (setTree(answer), setError(null)),
      (failure: unknown) => live && setError(failure instanceof Error ? failure.message : String(failure)),
    );
    return () => {
      live = false;
    };
  }, [token, sessionId, path]);
  const openFile = (name: string) => {
    const target = path ? `${path}/${name}` : name;
    workspaceApi.file(token, sessionId, target).then(setFile, (failure: unknown) => setError(failure instanceof Error ? failure.message : String(failure)));
  };
  const parts = path.split("/").filter(Boolean);
  return (
    <div className="ws-files" data-testid="workspace-files">
      <nav className="ws-crumbs" data-testid="files-crumbs">
        <button className="link" onClick={() => (setPath(""), setFile(null))}>
          workdir
        </button>
        {parts.map((part, index) => (
          <span key={index}>
            {" / "}
            <button className="link" onClick={() => (setPath(parts.slice(0, index + 1).join("/")), setFile(null))}>
              {part}
            </button>
          </span>
        ))}
      </nav>
      {error && <div className="ws-error">{error}</div>}
      {file ? (
        <div className="ws-viewer" data-testid="file-viewer" data-path={file.path}>
          <div className="ws-toolbar">
            <span className="mono">{file.path}</span>
            <span className="muted small">{size(file.size ?? file.content.length)}</span>
            <button className="btn btn-small" data-testid="file-close" onClick={() => setFile(null)}>
              Back
            </button>
          </div>
          {file.binary ? (
            <div className="ws-notice" data-testid="file-binary">Binary file; not shown.</div>
          ) : (
            <pre className="ws-code" data-testid="file-content">{file.content}</pre>
          )}
          {file.truncated && <div className="ws-notice" data-testid="file-truncated">Only the first 1 MiB is shown.</div>}
        </div>
      ) : (
        <ul className="ws-tree" data-testid="file-tree">
          {tree?.entries.map((entry) => (
            <li key={entry.name}>
              <button
                className={`ws-entry ws-${entry.type}`}
                data-testid="tree-entry"
                data-name={entry.name}
                data-type={entry.type}
                onClick={() => (entry.type === "dir" ? setPath(path ? `${path}/${entry.name}` : entry.name) : openFile(entry.name))}
              >
                <span aria-hidden>{entry.type === "dir" ? "▸" : "·"}</span> {entry.name}
                {entry.type === "file" && <span className="muted small"> {size(entry.size)}</span>}
              </button>
            </li>
          ))}
          {tree && tree.entries.length === 0 && <li className="muted small">Empty folder.</li>}
        </ul>
      )}
    </div>
  );
}
