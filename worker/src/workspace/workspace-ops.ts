import type { WorkspaceDiffResponse, WorkspaceFileResponse, WorkspaceTreeResponse } from "@aiflare/protocol";
import type { Checkpoints } from "../checkpoints/checkpoints.js";
import { confineWorkspacePath } from "./confine-path.js";
import { gitWorkspaceDiff, isGitWorkTree } from "./git-diff.js";
import { readWorkspaceFile } from "./read-file.js";
import { listWorkspaceTree } from "./tree.js";

/** Said instead of a diff when the workdir is not in a git repository (see plan/worker.md). */
export const NOT_GIT_NOTICE =
  "This folder is not in a git repository, so there is no commit to compare with. Changes outside git are shown once a turn of this session has changed something here (compared with the folder as it was before that first change).";

/**
 * What a worker (or the hub's local worker) answers to the workspace requests: confined to
 * the roots and the session's workdir like tool calls.
 */
export const workspaceOps = {
  async diff(workdir: string, roots: readonly string[], session?: { id: string; checkpoints: Checkpoints | undefined }): Promise<WorkspaceDiffResponse> {
    const { realWorkdir } = await confineWorkspacePath(workdir, roots, "");
    if (!(await isGitWorkTree(realWorkdir))) {
      // Outside git: the changes since the session's first checkpoint, once there is one.
      const files = session ? await session.checkpoints?.sinceFirst(realWorkdir, session.id) : undefined;
      return files ? { files } : { files: [], notice: NOT_GIT_NOTICE };
    }
    return { files: await gitWorkspaceDiff(realWorkdir) };
  },
  tree: (workdir: string, roots: readonly string[], path: string): Promise<WorkspaceTreeResponse> => listWorkspaceTree(workdir, roots, path),
  file: (workdir: string, roots: readonly string[], path: string): Promise<WorkspaceFileResponse> => readWorkspaceFile(workdir, roots, path),
};
