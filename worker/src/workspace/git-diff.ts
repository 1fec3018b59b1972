import { stat } from "node:fs/promises";
import { join } from "node:path";
import type { WorkspaceChangeStatus, WorkspaceDiffFile } from "@aiflare/protocol";
import { git } from "./git.js";

/** git's id of the empty tree: the base of a repository with no commit yet. */
const EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
/** A file's diff is cut past this (the file list stays whole). */
const MAX_DIFF_CHARS = 256 * 1024;
/** Untracked files get a diff each up to this many; further ones are listed with an empty diff. */
const MAX_UNTRACKED_DIFFS = 200;
const MAX_UNTRACKED_BYTES = 1024 * 1024;
/** All diffs together stay under this (so the answer fits one socket message); later files keep an empty diff. */
const MAX_TOTAL_DIFF_CHARS = 2 * 1024 * 1024;

/** Whether `dir` lies inside a git work tree. */
export async function isGitWorkTree(dir: string): Promise<boolean> {
  const run = await git(dir, ["rev-parse", "--is-inside-work-tree"]).catch(() => undefined);
  return run?.code === 0 && run.stdout.trim() === "true";
}

/**
 * Every uncommitted change under `dir` against HEAD (or the empty tree before the first commit):
 * tracked files changed, staged or not, and untracked files that are not ignored. Paths are
 * relative to `dir`, sorted.
 */
export async function gitWorkspaceDiff(dir: string): Promise<WorkspaceDiffFile[]> {
  const head = await git(dir, ["rev-parse", "--verify", "-q", "HEAD"]);
  const base = head.code === 0 ? "HEAD" : EMPTY_TREE;
  const common = ["diff", base, "--relative", "--no-renames", "--no-color", "--no-ext-diff"];
  const [names, patch, untracked] = await Promise.all([
    git(dir, [...common, "--name-status", "-z"]),
    git(dir, [...common, "--patch"]),
    git(dir, ["ls-files", "--others", "--exclude-standard", "-z"]),
  ]);
  const files: WorkspaceDiffFile[] = [];
  // name-status and the patch list files in the same order: pair them up.
  const tracked = parseNameStatus(names.stdout);
  const pieces = splitPatch(patch.stdout);
  tracked.forEach((entry, index) => files.push({ ...entry, diff: cap(pieces[index] ?? "") }));
  const newFiles = untracked.stdout.split("\0").filter(Boolean);
  for (const [index, path] of newFiles.entries()) {
    files.push({ path, status: "added", diff: index < MAX_UNTRACKED_DIFFS ? await untrackedDiff(dir, path) : "" });
  }
  files.sort((a, b) => a.path.localeCompare(b.path));
  let budget = MAX_TOTAL_DIFF_CHARS;
  for (const file of files) {
    if (file.diff.length > budget) file.diff = `[diff not shown: the changes together pass ${MAX_TOTAL_DIFF_CHARS / 1024 / 1024} MiB]\n`;
    budget -= file.diff.length;
  }
  return files;
}

function parseNameStatus(text: string): { path: string; status: WorkspaceChangeStatus }[] {
  const parts = text.split("\0");
  const out: { path: string; status: WorkspaceChangeStatus }[] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const code = parts[i] ?? "";
    const path = parts[i + 1] ?? "";
    if (!code || !path) continue;
    out.push({ path, status: code.startsWith("A") ? "added" : code.startsWith("D") ? "deleted" : "modified" });
  }
  return out;
}

/** Splits a multi-file patch at each `diff --git` header. */
function splitPatch(text: string): string[] {
  if (text === "") return [];
  return text.split(/^(?=diff --git )/m).filter((piece) => piece.startsWith("diff --git "));
}

async function untrackedDiff(dir: string, path: string): Promise<string> {
  const info = await stat(join(dir, path)).catch(() => undefined);
  if (!info?.isFile()) return "";
  if (info.size > MAX_UNTRACKED_BYTES) return `new file of ${info.size} bytes (over 1 MiB; diff not shown)\n`;
  const run = await git(dir, ["diff", "--no-index", "--no-color", "--no-ext-diff", "--", "/dev/null", path]).catch(() => undefined);
  return cap(run?.stdout ?? "");
}

function cap(diff: string): string {
  return diff.length > MAX_DIFF_CHARS ? `${diff.slice(0, MAX_DIFF_CHARS)}\n[... diff cut at ${MAX_DIFF_CHARS} characters ...]\n` : diff;
}
