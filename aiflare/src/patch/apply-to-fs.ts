import { mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { resolveConfined } from "../fs/confine.js";
import { computePatch, type FileChange } from "./apply.js";
import { parsePatch } from "./parse.js";

export interface PatchOutcome {
  changes: FileChange[];
  /** `A path` / `M path` / `D path` lines, as the model is told. */
  summary: string;
}

/**
 * Applies a patch inside `workdir`: every path is confined first, every file read, the whole
 * patch computed (nothing is written if any part fails), then the changes are written.
 */
export async function applyPatchInDir(patch: string, workdir: string): Promise<PatchOutcome> {
  const hunks = parsePatch(patch);
  const paths = new Set<string>();
  for (const hunk of hunks) {
    paths.add(hunk.path);
    if (hunk.kind === "update" && hunk.moveTo !== undefined) paths.add(hunk.moveTo);
  }
  const absolute = new Map<string, string>();
  const contents = new Map<string, string>();
  for (const path of paths) {
    const target = await resolveConfined(workdir, path);
    absolute.set(path, target);
    const info = await stat(target).catch(() => undefined);
    if (info?.isDirectory()) throw new Error(`${path} is a directory`);
    if (info) contents.set(path, await readFile(target, "utf8"));
  }
  const changes = computePatch(hunks, (path) => contents.get(path));
  const where = (path: string) => absolute.get(path) ?? path;
  const lines: string[] = [];
  for (const change of changes) {
    if (change.kind === "delete") {
      await rm(where(change.path));
      lines.push(`D ${change.path}`);
      continue;
    }
    const destination = change.kind === "update" && change.moveTo !== undefined ? change.moveTo : change.path;
    await mkdir(dirname(where(destination)), { recursive: true });
    const tmp = `${where(destination)}.aiflare-${process.pid}.tmp`;
    await writeFile(tmp, change.content);
    await rename(tmp, where(destination));
    if (change.kind === "update" && change.moveTo !== undefined && change.moveTo !== change.path) {
      await rm(where(change.path));
      lines.push(`M ${change.moveTo} (moved from ${change.path})`);
    } else {
      lines.push(`${change.kind === "add" ? "A" : "M"} ${change.path}`);
    }
  }
  return { changes, summary: `Success. Updated the following files:\n${lines.join("\n")}\n` };
}
