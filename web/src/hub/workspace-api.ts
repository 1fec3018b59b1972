import type { ExportFormat, SessionResponse, SessionsResponse, WorkspaceDiffResponse, WorkspaceFileResponse, WorkspaceTreeResponse } from "@aiflare/protocol";
import { call, RestError } from "./rest.js";

const q = (path: string) => encodeURIComponent(path);

/** The workspace and session-management REST calls the UI makes. */
export const workspaceApi = {
  diff: (token: string, id: string) => call<WorkspaceDiffResponse>(token, "GET", `/api/sessions/${id}/workspace/diff`),
  tree: (token: string, id: string, path: string) => call<WorkspaceTreeResponse>(token, "GET", `/api/sessions/${id}/workspace/tree?path=${q(path)}`),
  file: (token: string, id: string, path: string) => call<WorkspaceFileResponse>(token, "GET", `/api/sessions/${id}/workspace/file?path=${q(path)}`),
  search: (token: string, text: string, archived: boolean) => call<SessionsResponse>(token, "GET", `/api/sessions?q=${q(text)}&archived=${archived}`),
  update: (token: string, id: string, patch: { title?: string; archived?: boolean }) => call<SessionResponse>(token, "PATCH", `/api/sessions/${id}`, patch),
  remove: (token: string, id: string) => call<unknown>(token, "DELETE", `/api/sessions/${id}`),
  /** Fetches an export with the token and hands it to the browser as a download. */
  async download(token: string, id: string, format: ExportFormat): Promise<void> {
    const response = await fetch(`/api/sessions/${id}/export?format=${format}`, { headers: { authorization: `Bearer ${token}` } });
    if (!response.ok) throw new RestError(response.status, "export_failed", `export failed (HTTP ${response.status})`);
    const name = /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? `session.${format === "jsonl" ? "jsonl" : "md"}`;
    const url = URL.createObjectURL(await response.blob());
    const link = document.createElement("a");
    link.href = url;
    link.download = name;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  },
};
