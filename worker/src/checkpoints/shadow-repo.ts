import { existsSync } from "node:fs";
import { mkdir, readFile, readdir, rename, rm, rmdir, writeFile } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import type { FileChange, FileChangeStatus } from "@aiflare/protocol";
import { git, type GitRun } from "./git.js";
import { splitPatch } from "./split-patch.js";

const STATUS: Record<string, FileChangeStatus> = { A: "added", D: "deleted", M: "modified", T: "modified" };

/**
 * A shadow git repository for one workdir: a bare git dir in the worker's state folder, used
 * with `--work-tree=WORKDIR` and its own index, so snapshots honour the project's .gitignore
 * files but never read or write the user's `.git` (git skips every entry named `.git`).
 * Snapshots are tree objects named by refs: no commit is ever made. One operation at a time.
 */
export class ShadowRepo {
  private queue: Promise<unknown> = Promise.resolve();
  private ready: Promise<void> | undefined;

  constructor(
    readonly gitDir: string,
    readonly workdir: string,
  ) {}

  /** Runs `fn` after every operation queued before it (git's index allows one writer). */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(async () => {
      await (this.ready ??= this.init());
      return fn();
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Resolves once every operation queued so far (and any queued meanwhile) has ended. */
  async idle(): Promise<void> {
    for (let seen: Promise<unknown> | undefined; seen !== this.queue; ) await (seen = this.queue);
  }

  /** Records the workdir as it is now; answers the tree id. */
  async snapshot(): Promise<string> {
    await this.run(["add", "--all", "--ignore-errors", "--", "."], { okCodes: [1] });
    return (await this.run(["write-tree"])).stdout.toString().trim();
  }

  /**
   * Reads a ref. Refs are loose files (gc never runs here: `gc.auto=0`), read directly to
   * save a git process per checkpoint; `rev-parse` only when someone packed them.
   */
  async getRef(name: string): Promise<string | undefined> {
    const loose = await readFile(join(this.gitDir, name), "utf8").catch(() => undefined);
    if (loose && /^[0-9a-f]{40,64}\n?$/.test(loose)) return loose.trim();
    if (!existsSync(join(this.gitDir, "packed-refs"))) return undefined;
    const { stdout, code } = await this.run(["rev-parse", "--quiet", "--verify", `${name}^{tree}`], { okCodes: [1, 128] });
    return code === 0 ? stdout.toString().trim() : undefined;
  }

  /** Writes a loose ref (temp file and rename, as git does), pointing at a tree. */
  async setRef(name: string, tree: string): Promise<void> {
    if (!/^refs\/[A-Za-z0-9/_-]+$/.test(name) || !/^[0-9a-f]{40,64}$/.test(tree)) throw new Error(`bad ref ${name} -> ${tree}`);
    const path = join(this.gitDir, name);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(`${path}.lock`, `${tree}\n`);
    await rename(`${path}.lock`, path);
  }

  /** The files that differ between two trees. */
  async changes(from: string, to: string): Promise<FileChange[]> {
    if (from === to) return [];
    const out = (await this.run(["diff-tree", "-r", "-z", "--no-renames", "--name-status", from, to])).stdout.toString("utf8");
    const parts = out.split("\0");
    const changes: FileChange[] = [];
    for (let i = 0; i + 1 < parts.length; i += 2) {
      const status = STATUS[parts[i]!.charAt(0)] ?? "modified";
      changes.push({ path: parts[i + 1]!, status });
    }
    return changes;
  }

  /** Unified diffs per file between two trees (binary files named as such). */
  async diffs(from: string, to: string): Promise<(FileChange & { diff: string })[]> {
    const changes = await this.changes(from, to);
    if (changes.length === 0) return [];
    const patch = (await this.run(["diff-tree", "-r", "-p", "--no-renames", "--no-color", "--no-ext-diff", from, to])).stdout.toString("utf8");
    return splitPatch(changes, patch);
  }

  /** Puts `paths` back as they are in `tree`: present ones written (content and mode), absent ones removed. */
  async restore(tree: string, changes: readonly FileChange[]): Promise<void> {
    const inTree = changes.filter((c) => c.status !== "added").map((c) => c.path);
    const gone = changes.filter((c) => c.status === "added").map((c) => c.path);
    for (const path of gone) await this.removeFile(path);
    if (inTree.length === 0) return;
    const env = { GIT_INDEX_FILE: join(this.gitDir, "aiflare-restore-index") };
    try {
      await this.run(["read-tree", tree], { env });
      await this.run(["checkout-index", "--force", "-z", "--stdin"], { env, input: `${inTree.join("\0")}\0` });
    } finally {
      await rm(env.GIT_INDEX_FILE, { force: true });
    }
  }

  private async removeFile(path: string): Promise<void> {
    const full = join(this.workdir, path);
    if (!full.startsWith(this.workdir + sep)) return;
    await rm(full, { force: true });
    // Folders the file leaves empty go too (git keeps no empty folders, so they were made with it).
    for (let dir = dirname(full); dir.startsWith(this.workdir + sep); dir = dirname(dir)) {
      const entries = await readdir(dir).catch(() => undefined);
      if (!entries || entries.length > 0) break;
      await rmdir(dir).catch(() => undefined);
    }
  }

  private async init(): Promise<void> {
    if (!existsSync(join(this.gitDir, "HEAD"))) {
      await mkdir(dirname(this.gitDir), { recursive: true, mode: 0o700 });
      await git(["init", "--quiet", "--bare", this.gitDir]);
      for (const [key, value] of [
        ["core.autocrlf", "false"],
        ["core.filemode", "true"],
        ["core.symlinks", "true"],
        ["core.quotepath", "false"],
        ["gc.auto", "0"],
        ["core.untrackedCache", "true"],
      ] as const) {
        await git([`--git-dir=${this.gitDir}`, "config", key, value]);
      }
      await writeFile(join(this.gitDir, "description"), `aiflare checkpoints of ${this.workdir}\n`);
    }
    // The shadow repository itself must never be snapshotted when it lies inside the workdir.
    const inside = relative(this.workdir, this.gitDir);
    const exclude = !inside.startsWith("..") && inside !== "" ? `/${inside.split(sep).join("/")}/\n` : "";
    await mkdir(join(this.gitDir, "info"), { recursive: true });
    await writeFile(join(this.gitDir, "info", "exclude"), exclude);
  }

  private run(args: string[], run: GitRun = {}) {
    return git([`--git-dir=${this.gitDir}`, `--work-tree=${this.workdir}`, "-c", "core.bare=false", ...args], {
      ...run,
      env: { GIT_INDEX_FILE: join(this.gitDir, "aiflare-index"), GIT_LITERAL_PATHSPECS: "1", ...run.env },
    });
  }
}
