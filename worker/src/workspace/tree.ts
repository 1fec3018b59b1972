import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import type { WorkspaceEntry, WorkspaceTreeResponse } from "@aiflare/protocol";
import { confineWorkspacePath } from "./confine-path.js";
import { WorkspaceError } from "./workspace-error.js";

/** Most entries one listing returns (a huge folder is cut, not streamed whole). */
const MAX_ENTRIES = 5000;

/** One folder of the workdir: folders first, then files, each by name; symlinks count as what they point to. */
export async function listWorkspaceTree(workdir: string, roots: readonly string[], path: string): Promise<WorkspaceTreeResponse> {
  const { target } = await confineWorkspacePath(workdir, roots, path);
  const info = await stat(target).catch(() => undefined);
  if (!info) throw new WorkspaceError("not_found", `${path || "."}: no such folder`);
  if (!info.isDirectory()) throw new WorkspaceError("invalid_request", `${path}: not a folder`);
  const names = (await readdir(target)).slice(0, MAX_ENTRIES);
  const entries: WorkspaceEntry[] = [];
  for (const name of names) {
    const entry = await stat(join(target, name)).catch(() => undefined); // dangling links are left out
    if (!entry) continue;
    entries.push(entry.isDirectory() ? { name, type: "dir", size: 0 } : { name, type: "file", size: entry.size });
  }
  entries.sort((a, b) => (a.type === b.type ? a.name.localeCompare(b.name) : a.type === "dir" ? -1 : 1));
  return { path: normalizeRel(path), entries };
}

/** `./a//b/` -> `a/b`; the workdir itself is `""`. */
export function normalizeRel(path: string): string {
  return path
    .split("/")
    .filter((part) => part !== "" && part !== ".")
    .join("/");
}
