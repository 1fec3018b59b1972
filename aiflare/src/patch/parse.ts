import { AgentError } from "../errors.js";

/** A patch that cannot be parsed or applied; `message` says exactly what and where. */
export class PatchError extends AgentError {}

/** One `@@` chunk of an Update: lines to find (context + removed) and what replaces them. */
export interface PatchChunk {
  /** Text after `@@ `: a line to find first, narrowing where the chunk applies. */
  context?: string;
  oldLines: string[];
  newLines: string[];
  /** For each new line: the index of the old line it repeats (a context line), or -1 (added). */
  contextOf: number[];
  /** `*** End of File` followed: the chunk ends at the end of the file. */
  endOfFile: boolean;
}

export type PatchHunk =
  | { kind: "add"; path: string; contents: string }
  | { kind: "delete"; path: string }
  | { kind: "update"; path: string; moveTo?: string; chunks: PatchChunk[] };

const BEGIN = "*** Begin Patch";
const END = "*** End Patch";
const ADD = "*** Add File: ";
const DELETE = "*** Delete File: ";
const UPDATE = "*** Update File: ";
const MOVE = "*** Move to: ";
const EOF_MARKER = "*** End of File";

/**
 * Parses the `*** Begin Patch` grammar: Add File (lines prefixed `+`), Delete File, Update
 * File (optional Move to, `@@` chunks of ` `/`-`/`+` lines, optional End of File). Lenient
 * about surrounding whitespace and a heredoc wrapper, strict about everything else.
 */
export function parsePatch(text: string): PatchHunk[] {
  let lines = text.replace(/\r\n/g, "\n").split("\n");
  // Models sometimes send the shell form: <<'EOF' ... EOF around the patch.
  const first = lines.findIndex((line) => line.trim() !== "");
  if (first >= 0 && /^<<\s*['"]?\w+['"]?\s*$/.test(lines[first]?.trim() ?? "")) lines = lines.slice(first + 1, lines.length - 1);
  while (lines.length > 0 && lines[0]?.trim() === "") lines.shift();
  while (lines.length > 0 && lines.at(-1)?.trim() === "") lines.pop();
  if (lines[0]?.trim() !== BEGIN) throw new PatchError(`the patch must start with "${BEGIN}"`);
  if (lines.at(-1)?.trim() !== END) throw new PatchError(`the patch must end with "${END}"`);
  const body = lines.slice(1, -1);
  const hunks: PatchHunk[] = [];
  let i = 0;
  const lineNo = () => i + 2;
  while (i < body.length) {
    // Headers may come indented (Codex accepts "  *** Update File: x"); chunk lines keep theirs.
    const line = (body[i] ?? "").trimStart();
    if (line.trim() === "") {
      i++;
      continue;
    }
    if (line.startsWith(ADD)) {
      const path = pathOf(line, ADD, lineNo());
      i++;
      const contents: string[] = [];
      while (i < body.length && (body[i] ?? "").startsWith("+")) contents.push((body[i++] ?? "").slice(1));
      hunks.push({ kind: "add", path, contents: contents.length > 0 ? `${contents.join("\n")}\n` : "" });
    } else if (line.startsWith(DELETE)) {
      hunks.push({ kind: "delete", path: pathOf(line, DELETE, lineNo()) });
      i++;
    } else if (line.startsWith(UPDATE)) {
      const path = pathOf(line, UPDATE, lineNo());
      i++;
      let moveTo: string | undefined;
      if ((body[i] ?? "").trimStart().startsWith(MOVE)) moveTo = pathOf((body[i++] ?? "").trimStart(), MOVE, lineNo());
      const chunks: PatchChunk[] = [];
      while (i < body.length && !(body[i] ?? "").startsWith("*** ")) {
        const chunkStart = lineNo();
        let context: string | undefined;
        const header = body[i] ?? "";
        if (header.trim() === "@@" || header.startsWith("@@ ")) {
          const text = header.trim() === "@@" ? "" : header.slice(3);
          if (text.trim() !== "") context = text;
          i++;
        } else if (chunks.length > 0) {
          throw new PatchError(`line ${chunkStart}: expected "@@" to start the next chunk of ${path}, got ${JSON.stringify(header)}`);
        }
        const chunk: PatchChunk = { ...(context !== undefined ? { context } : {}), oldLines: [], newLines: [], contextOf: [], endOfFile: false };
        let changed = 0;
        while (i < body.length) {
          const current = body[i] ?? "";
          if (current === EOF_MARKER || current.trim() === EOF_MARKER) {
            chunk.endOfFile = true;
            i++;
            break;
          }
          if (current.startsWith("@@") || current.startsWith("*** ")) break;
          const marker = current[0];
          const content = current.slice(1);
          if (marker === " " || current === "") {
            chunk.contextOf.push(chunk.oldLines.length);
            chunk.oldLines.push(content);
            chunk.newLines.push(content);
          } else if (marker === "-") {
            chunk.oldLines.push(content);
            changed++;
          } else if (marker === "+") {
            chunk.contextOf.push(-1);
            chunk.newLines.push(content);
            changed++;
          } else {
            throw new PatchError(`line ${lineNo()}: a chunk line must start with " ", "-" or "+", got ${JSON.stringify(current)}`);
          }
          i++;
        }
        if (changed === 0 && chunk.oldLines.length === 0) throw new PatchError(`line ${chunkStart}: empty chunk in ${path}`);
        chunks.push(chunk);
      }
      if (chunks.length === 0 && !moveTo) throw new PatchError(`update of ${path} has no changes`);
      hunks.push({ kind: "update", path, ...(moveTo !== undefined ? { moveTo } : {}), chunks });
    } else {
      throw new PatchError(`line ${lineNo()}: expected "*** Add File:", "*** Delete File:" or "*** Update File:", got ${JSON.stringify(line)}`);
    }
  }
  if (hunks.length === 0) throw new PatchError("the patch changes no file");
  return hunks;
}

function pathOf(line: string, prefix: string, lineNo: number): string {
  const path = line.slice(prefix.length).trim();
  if (path === "") throw new PatchError(`line ${lineNo}: missing path after "${prefix.trim()}"`);
  return path;
}
