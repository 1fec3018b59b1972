import { ConfinementError, realDirInsideRoots, resolveConfined } from "@aiflare/core";
import { WorkspaceError } from "./workspace-error.js";

/**
 * The real workdir (inside the roots) and a browser-given path resolved inside it, confined
 * exactly like tool paths: absolute paths, `..` and symlinks leading out are refused.
 */
export async function confineWorkspacePath(workdir: string, roots: readonly string[], path: string): Promise<{ realWorkdir: string; target: string }> {
  try {
    const realWorkdir = await realDirInsideRoots(workdir, roots);
    const target = path === "" || path === "." ? realWorkdir : await resolveConfined(realWorkdir, path);
    return { realWorkdir, target };
  } catch (error) {
    if (error instanceof ConfinementError) throw new WorkspaceError("invalid_request", error.message);
    throw error;
  }
}
