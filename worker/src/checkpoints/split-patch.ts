import type { FileChange } from "@aiflare/protocol";

/** Diffs larger than this are cut (with a note), so one generated file cannot flood the UI. */
export const MAX_FILE_DIFF_CHARS = 256 * 1024;

/**
 * Splits `git diff-tree -p` output into one unified diff per changed file. Sections come in
 * the same (path) order as `--name-status`, one per file, so they pair up in order; a
 * second section naming the same file (a type change is two) joins it.
 */
export function splitPatch(changes: readonly FileChange[], patch: string): (FileChange & { diff: string })[] {
  const sections = patch.split(/^(?=diff --git )/m).filter((s) => s.startsWith("diff --git "));
  const out = changes.map((change) => ({ ...change, diff: "" }));
  let index = -1;
  for (const section of sections) {
    const header = section.slice(0, section.indexOf("\n"));
    const current = out[index];
    if (!current || !headerNames(header, current.path)) index++;
    const file = out[Math.min(index, out.length - 1)];
    if (file) file.diff += section;
  }
  for (const file of out) {
    if (file.diff.length > MAX_FILE_DIFF_CHARS) {
      const cut = file.diff.lastIndexOf("\n", MAX_FILE_DIFF_CHARS);
      file.diff = `${file.diff.slice(0, cut + 1)}\\ [diff cut: ${file.diff.length - cut - 1} more characters]\n`;
    }
  }
  return out;
}

/** Whether a `diff --git a/X b/X` header names `path` (quoted names are compared loosely). */
function headerNames(header: string, path: string): boolean {
  return header === `diff --git a/${path} b/${path}` || header.includes(JSON.stringify(`b/${path}`).slice(1, -1)) || header.endsWith(`b/${path}"`);
}
