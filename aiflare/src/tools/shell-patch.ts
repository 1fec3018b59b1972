/**
 * Models trained under Codex (gpt-5, gpt-4.1, o3, o4-mini) edit files by calling the shell
 * with `["apply_patch", PATCH]` or `["bash", "-lc", "apply_patch <<'EOF' … EOF"]`. No such
 * command exists on the worker: these calls are recognised here and run as patches instead.
 */

const PATCH_COMMANDS = new Set(["apply_patch", "applypatch"]);
const SHELLS = new Set(["bash", "sh", "zsh", "/bin/bash", "/bin/sh", "/usr/bin/bash", "/bin/zsh"]);

/** The patch a shell command carries, and the folder it was meant to run in (relative to the workdir). */
export interface ShellPatch {
  patch: string;
  /** From `cd DIR && apply_patch …` or the call's `workdir`. */
  dir?: string;
}

/** The patch in a shell call's argv, if the call is an apply_patch invocation. */
export function patchFromShellCommand(command: readonly string[]): ShellPatch | undefined {
  const [program, first, second] = command;
  if (program !== undefined && PATCH_COMMANDS.has(program) && command.length === 2 && first !== undefined) return { patch: first };
  if (program !== undefined && SHELLS.has(program) && command.length === 3 && (first === "-lc" || first === "-c") && second !== undefined) {
    return patchFromScript(second);
  }
  return undefined;
}

/** `[cd DIR &&] apply_patch <<'EOF'\n…\nEOF` (any delimiter, quoted or not), or `apply_patch "PATCH"`. */
function patchFromScript(script: string): ShellPatch | undefined {
  const heredoc = /^\s*(?:cd\s+("[^"]+"|'[^']+'|\S+)\s*&&\s*)?(?:apply_patch|applypatch)\s*<<-?\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\2[ \t]*\n([\s\S]*?)\n\3[ \t]*\n?\s*$/.exec(script);
  if (heredoc?.[4] !== undefined) {
    const dir = heredoc[1]?.replace(/^["']|["']$/g, "");
    return { patch: heredoc[4], ...(dir ? { dir } : {}) };
  }
  const quoted = /^\s*(?:apply_patch|applypatch)\s+'([\s\S]*)'\s*$/.exec(script);
  if (quoted?.[1]?.includes("*** Begin Patch")) return { patch: quoted[1] };
  return undefined;
}

const PATH_LINE = /^(\*\*\* (?:Add File|Update File|Delete File|Move to): )(.+)$/;

/** The patch with its relative paths moved under `dir`, for a patch meant to run in a subfolder. */
export function rebasePatch(patch: string, dir: string | undefined): string {
  const base = dir?.replace(/\/+$/, "");
  if (!base || base === ".") return patch;
  return patch
    .split("\n")
    .map((line) => {
      const match = PATH_LINE.exec(line);
      if (!match?.[1] || !match[2] || match[2].startsWith("/")) return line;
      return `${match[1]}${base}/${match[2]}`;
    })
    .join("\n");
}
