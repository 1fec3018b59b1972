import { PatchError, parsePatch, type PatchChunk, type PatchHunk } from "./parse.js";
import { seekSequence } from "./seek.js";

/** What a patch does to one file; `content` is the new text (for add, update, move). */
export type FileChange =
  | { kind: "add"; path: string; content: string }
  | { kind: "delete"; path: string }
  | { kind: "update"; path: string; moveTo?: string; content: string };

/** Reads a file's current text, or undefined when it does not exist. */
export type ReadFile = (path: string) => string | undefined;

/**
 * Applies a patch to files, purely: reads through `read`, returns every change, writes
 * nothing. The whole patch is checked first, so a failing chunk anywhere means no change
 * at all. Files with CRLF line endings keep them.
 */
export function computePatch(patch: string | PatchHunk[], read: ReadFile): FileChange[] {
  const hunks = typeof patch === "string" ? parsePatch(patch) : patch;
  return hunks.map((hunk) => changeFor(hunk, read));
}

function changeFor(hunk: PatchHunk, read: ReadFile): FileChange {
  switch (hunk.kind) {
    case "add":
      if (read(hunk.path) !== undefined) throw new PatchError(`cannot add ${hunk.path}: it already exists`);
      return { kind: "add", path: hunk.path, content: hunk.contents };
    case "delete":
      if (read(hunk.path) === undefined) throw new PatchError(`cannot delete ${hunk.path}: no such file`);
      return { kind: "delete", path: hunk.path };
    case "update": {
      const original = read(hunk.path);
      if (original === undefined) throw new PatchError(`cannot update ${hunk.path}: no such file`);
      if (hunk.moveTo !== undefined && hunk.moveTo !== hunk.path && read(hunk.moveTo) !== undefined) {
        throw new PatchError(`cannot move ${hunk.path} to ${hunk.moveTo}: it already exists`);
      }
      const content = applyChunks(hunk.path, original, hunk.chunks);
      return { kind: "update", path: hunk.path, ...(hunk.moveTo !== undefined ? { moveTo: hunk.moveTo } : {}), content };
    }
  }
}

function applyChunks(path: string, original: string, chunks: PatchChunk[]): string {
  const eol = original.includes("\r\n") ? "\r\n" : "\n";
  const lines = original.split(/\r?\n/);
  // A trailing newline leaves an empty last element; keep it out of matching.
  const hadFinalNewline = lines.at(-1) === "";
  if (hadFinalNewline) lines.pop();
  const replacements: { at: number; remove: number; insert: string[] }[] = [];
  let cursor = 0;
  for (const [index, chunk] of chunks.entries()) {
    if (chunk.context !== undefined) {
      const at = seekSequence(lines, [chunk.context], cursor, false);
      if (at === undefined) throw new PatchError(`${path}: chunk ${index + 1}: context line not found: ${JSON.stringify(chunk.context)}`);
      cursor = at + 1;
    }
    if (chunk.oldLines.length === 0) {
      replacements.push({ at: lines.length, remove: 0, insert: chunk.newLines });
      continue;
    }
    let oldLines = chunk.oldLines;
    let newLines = chunk.newLines;
    let contextOf = chunk.contextOf;
    let at = seekSequence(lines, oldLines, cursor, chunk.endOfFile);
    if (at === undefined && oldLines.at(-1) === "") {
      // The chunk ends with an empty line standing for the final newline.
      oldLines = oldLines.slice(0, -1);
      if (newLines.at(-1) === "") {
        newLines = newLines.slice(0, -1);
        contextOf = contextOf.slice(0, -1);
      }
      at = seekSequence(lines, oldLines, cursor, chunk.endOfFile);
    }
    if (at === undefined) {
      throw new PatchError(`${path}: chunk ${index + 1}: these lines were not found${cursor > 0 ? ` after line ${cursor}` : ""}:\n${chunk.oldLines.join("\n")}`);
    }
    // Context lines keep the file's own text (whitespace, punctuation); only +/- lines change.
    const matchedAt = at;
    const insert = newLines.map((line, k) => {
      const old = contextOf[k] ?? -1;
      return old >= 0 && old < oldLines.length ? (lines[matchedAt + old] ?? line) : line;
    });
    replacements.push({ at, remove: oldLines.length, insert });
    cursor = at + oldLines.length;
  }
  // Apply from the bottom up so earlier indexes stay valid.
  for (const { at, remove, insert } of [...replacements].sort((a, b) => b.at - a.at)) lines.splice(at, remove, ...insert);
  return lines.length === 0 ? "" : lines.join(eol) + (hadFinalNewline ? eol : "");
}
