import { mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { ConfinementError, resolveConfined } from "../fs/confine.js";
import { computePatch, type FileChange } from "./apply.js";
import { PatchError, parsePatch, type PatchHunk } from "./parse.js";

export interface PatchOutcome {
  changes: FileChange[];
  /** `A path` / `M path` / `D path` lines, as the model is told. */
  summary: string;
}

/** The closing sentence of every refused patch, so the model knows it can simply try again. */
export const NOTHING_CHANGED = "The patch was not applied: no file was changed.";

/** A refusal that names what failed and says that nothing was written. */
function refused(error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  const text = `${message}\n${NOTHING_CHANGED}`;
  return error instanceof ConfinementError ? new ConfinementError(text) : new PatchError(text);
}

/** The operation a hunk does on `path`, in words, for errors about that path. */
function operationOn(hunk: PatchHunk, path: string): string {
  if (hunk.kind === "add") return `add ${path}`;
  if (hunk.kind === "delete") return `delete ${path}`;
  return path === hunk.path ? `update ${path}` : `move ${hunk.path} to ${path}`;
}

/**
 * Applies a patch inside `workdir`: every path is confined first, every file read, the whole
 * patch computed, and every new content written to a temporary file beside its target; only
 * then are the files put in place. Any failure up to that point leaves the tree untouched,
 * and its message ends by saying so.
 */
export async function applyPatchInDir(patch: string, workdir: string): Promise<PatchOutcome> {
  const staged: string[] = [];
  let plan: { changes: FileChange[]; where: (path: string) => string };
  try {
    plan = await preparePatch(patch, workdir);
    for (const change of plan.changes) {
      if (change.kind === "delete") continue;
      const target = plan.where(change.kind === "update" && change.moveTo !== undefined ? change.moveTo : change.path);
      await mkdir(dirname(target), { recursive: true });
      const tmp = `${target}.aiflare-${process.pid}.tmp`;
      staged.push(tmp);
      await writeFile(tmp, change.content);
    }
  } catch (error) {
    await Promise.all(staged.map((tmp) => rm(tmp, { force: true })));
    throw refused(error);
  }
  const { changes, where } = plan;
  const lines: string[] = [];
  for (const change of changes) {
    if (change.kind === "delete") {
      await rm(where(change.path));
      lines.push(`D ${change.path}`);
      continue;
    }
    const destination = change.kind === "update" && change.moveTo !== undefined ? change.moveTo : change.path;
    await rename(`${where(destination)}.aiflare-${process.pid}.tmp`, where(destination));
    if (change.kind === "update" && change.moveTo !== undefined && change.moveTo !== change.path) {
      await rm(where(change.path));
      lines.push(`M ${change.moveTo} (moved from ${change.path})`);
    } else {
      lines.push(`${change.kind === "add" ? "A" : "M"} ${change.path}`);
    }
  }
  return { changes, summary: `Success. Updated the following files:\n${lines.join("\n")}\n` };
}

/** Parses, confines and reads everything the patch touches, and computes every change; writes nothing. */
async function preparePatch(patch: string, workdir: string): Promise<{ changes: FileChange[]; where: (path: string) => string }> {
  const hunks = parsePatch(patch);
  const absolute = new Map<string, string>();
  const contents = new Map<string, string>();
  for (const hunk of hunks) {
    const paths = hunk.kind === "update" && hunk.moveTo !== undefined ? [hunk.path, hunk.moveTo] : [hunk.path];
    for (const path of paths) {
      if (!absolute.has(path)) absolute.set(path, await resolveConfined(workdir, path));
      const target = absolute.get(path) ?? path;
      const info = await stat(target).catch(() => undefined);
      if (info?.isDirectory()) throw new PatchError(`cannot ${operationOn(hunk, path)}: it is a directory`);
      if (info && !contents.has(path)) contents.set(path, await readFile(target, "utf8"));
    }
  }
  const changes = computePatch(hunks, (path) => contents.get(path));
  return { changes, where: (path) => absolute.get(path) ?? path };
}
