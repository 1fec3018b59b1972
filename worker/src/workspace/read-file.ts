import { open, stat } from "node:fs/promises";
import { MAX_WORKSPACE_FILE_BYTES, type WorkspaceFileResponse } from "@aiflare/protocol";
import { confineWorkspacePath } from "./confine-path.js";
import { normalizeRel } from "./tree.js";
import { WorkspaceError } from "./workspace-error.js";

/** A file of the workdir as text: at most 1 MiB (cut at a character boundary and marked), binary files marked instead. */
export async function readWorkspaceFile(workdir: string, roots: readonly string[], path: string): Promise<WorkspaceFileResponse> {
  const { target } = await confineWorkspacePath(workdir, roots, path);
  const info = await stat(target).catch(() => undefined);
  if (!info) throw new WorkspaceError("not_found", `${path}: no such file`);
  if (!info.isFile()) throw new WorkspaceError("invalid_request", `${path}: not a regular file`);
  const handle = await open(target, "r");
  let bytes: Buffer;
  try {
    const buffer = Buffer.alloc(Math.min(info.size, MAX_WORKSPACE_FILE_BYTES));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    bytes = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  const base = { path: normalizeRel(path), size: info.size };
  if (isBinary(bytes)) return { ...base, content: "", truncated: false, binary: true };
  const truncated = info.size > bytes.length;
  return { ...base, content: decodeText(truncated ? trimPartialChar(bytes) : bytes), truncated };
}

/** Binary when a NUL byte shows up early, or the start is not valid UTF-8 (what git and most viewers do). */
export function isBinary(bytes: Buffer): boolean {
  const head = bytes.subarray(0, 8000);
  if (head.includes(0)) return true;
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(trimPartialChar(head));
    return false;
  } catch {
    return true;
  }
}

function decodeText(bytes: Buffer): string {
  return new TextDecoder("utf-8").decode(bytes);
}

/** Drops an incomplete UTF-8 sequence at the end (a cut in the middle of a character). */
function trimPartialChar(bytes: Buffer): Buffer {
  let end = bytes.length;
  let back = 0;
  while (end - back - 1 >= 0 && back < 3 && ((bytes[end - back - 1] ?? 0) & 0xc0) === 0x80) back += 1;
  const lead = bytes[end - back - 1];
  if (lead === undefined || lead < 0xc0) return bytes; // ASCII or only continuation bytes: nothing to trim
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
  if (back + 1 < need) end = end - back - 1;
  return bytes.subarray(0, end);
}
