import type { WorkspaceDiffResponse, WorkspaceFileResponse, WorkspaceTreeResponse } from "@aiflare/protocol";
import { confineWorkspacePath } from "./confine-path.js";
import { gitWorkspaceDiff, isGitWorkTree } from "./git-diff.js";
import { readWorkspaceFile } from "./read-file.js";
import { listWorkspaceTree } from "./tree.js";

/** Said instead of a diff when the workdir is not in a git repository (see plan/worker.md). */
export const NOT_GIT_NOTICE =
  "This folder is not in a git repository, so there is no commit to compare with. Changes outside git are shown once the session's checkpoints exist.";

/**
 * What a worker (or the hub's local worker) answers to the workspace requests: confined to
 * the roots and the session's workdir like tool calls.
 */
export const workspaceOps = {
  async diff(workdir: string, roots: readonly string[]): Promise<WorkspaceDiffResponse> {
    const { realWorkdir } = await confineWorkspacePath(workdir, roots, "");
    if (!(await isGitWorkTree(realWorkdir))) return { files: [], notice: NOT_GIT_NOTICE };
    return { files: await gitWorkspaceDiff(realWorkdir) };
  },
  tree: (workdir: string, roots: readonly string[], path: string): Promise<WorkspaceTreeResponse> => listWorkspaceTree(workdir, roots, path),
  file: (workdir: string, roots: readonly string[], path: string): Promise<WorkspaceFileResponse> => readWorkspaceFile(workdir, roots, path),
};
