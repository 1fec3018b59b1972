import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { realDirInsideRoots } from "@aiflare/core";
import type { CheckpointAck, CheckpointRequest, FileChange } from "@aiflare/protocol";
import { gitVersion } from "./git.js";
import { ShadowRepo } from "./shadow-repo.js";

export interface CheckpointsOptions {
  /** The worker's own state folder for checkpoints (one shadow repository per workdir inside). */
  dir: string;
  /** Workdirs must lie inside these (by real path), like tool calls. */
  roots: readonly string[];
}

const hash = (text: string) => createHash("sha256").update(text).digest("hex");
const refOf = (turnId: string, end: "begin" | "end") => `refs/aiflare/turns/${hash(turnId).slice(0, 40)}/${end}`;
/** The workdir as it was before the session's first change (the base of its workspace diff outside git). */
const firstRefOf = (sessionId: string) => `refs/aiflare/sessions/${hash(sessionId).slice(0, 40)}/first`;
/** Turns whose begin snapshot is known to exist, so later calls of the turn skip the lookup. */
const BEGUN_MAX = 10_000;

/**
 * Checkpoints of session workdirs, for per-turn diffs and undo: the workdir is snapshotted
 * before a turn's first change and at its end; diffs and reverts compare those snapshots.
 * Off (every request answers `unavailable`) when git is not installed.
 */
export class Checkpoints {
  private readonly repos = new Map<string, ShadowRepo>();
  private readonly begun = new Set<string>();

  private constructor(
    private readonly options: CheckpointsOptions,
    /** Why checkpoints are off; undefined when they are on. */
    readonly offReason: string | undefined,
  ) {}

  /** Looks for git once; without it checkpoints are off with a reason to print. */
  static async create(options: CheckpointsOptions): Promise<Checkpoints> {
    const version = await gitVersion();
    return new Checkpoints(options, version ? undefined : "git was not found on this machine: per-turn diffs and undo are off (install git to turn them on)");
  }

  /** Snapshots the workdir before the turn's first change (once per turn; the first of the session is kept as its base). */
  async beforeChange(workdir: string, turnId: string, sessionId?: string): Promise<void> {
    if (this.offReason) return;
    const repo = await this.repoOf(workdir);
    const key = `${repo.gitDir}\0${turnId}`;
    if (this.begun.has(key)) return;
    await repo.exclusive(async () => {
      if (await repo.getRef(refOf(turnId, "begin"))) return;
      const begin = await repo.snapshot();
      await repo.setRef(refOf(turnId, "begin"), begin);
      if (sessionId && !(await repo.getRef(firstRefOf(sessionId)))) await repo.setRef(firstRefOf(sessionId), begin);
    });
    if (this.begun.size >= BEGUN_MAX) this.begun.clear();
    this.begun.add(key);
  }

  /**
   * Every change in the workdir since the session's first checkpoint (for a workspace diff
   * outside git); undefined while checkpoints are off or no turn of the session changed anything.
   */
  async sinceFirst(workdir: string, sessionId: string): Promise<(FileChange & { diff: string })[] | undefined> {
    if (this.offReason) return undefined;
    const repo = await this.repoOf(workdir);
    return repo.exclusive(async () => {
      const first = await repo.getRef(firstRefOf(sessionId));
      return first ? repo.diffs(first, await repo.snapshot()) : undefined;
    });
  }

  /** Resolves once no checkpoint work is running or queued (before the state folder goes away). */
  async idle(): Promise<void> {
    await Promise.all([...this.repos.values()].map((repo) => repo.idle()));
  }

  /** Answers one hub request; never throws. */
  async handle(request: CheckpointRequest): Promise<CheckpointAck> {
    if (this.offReason) return { ok: false, error: { code: "unavailable", message: this.offReason } };
    try {
      const repo = await this.repoOf(request.workdir);
      switch (request.op) {
        case "end":
          return { ok: true, changes: await repo.exclusive(() => this.end(repo, request.turnId)) };
        case "diff":
          return { ok: true, files: await repo.exclusive(() => this.diff(repo, request.turnId)) };
        case "revert":
          return await repo.exclusive(() => this.revert(repo, request.turnIds, request.force));
      }
    } catch (error) {
      return { ok: false, error: { code: "failed", message: error instanceof Error ? error.message : String(error) } };
    }
  }

  private async end(repo: ShadowRepo, turnId: string): Promise<FileChange[]> {
    const begin = await repo.getRef(refOf(turnId, "begin"));
    if (!begin) return [];
    const end = await repo.snapshot();
    await repo.setRef(refOf(turnId, "end"), end);
    return repo.changes(begin, end);
  }

  private async diff(repo: ShadowRepo, turnId: string) {
    const begin = await repo.getRef(refOf(turnId, "begin"));
    if (!begin) return [];
    // A turn still running (or cut short) has no end yet: compare with the workdir now.
    const end = (await repo.getRef(refOf(turnId, "end"))) ?? (await repo.snapshot());
    return repo.diffs(begin, end);
  }

  private async revert(repo: ShadowRepo, turnIds: readonly string[], force: boolean): Promise<CheckpointAck> {
    const turns: { begin: string; end: string | undefined }[] = [];
    for (const turnId of turnIds) {
      const begin = await repo.getRef(refOf(turnId, "begin"));
      if (begin) turns.push({ begin, end: await repo.getRef(refOf(turnId, "end")) });
    }
    const first = turns[0];
    if (!first) return { ok: true, changes: [] };
    const current = await repo.snapshot();
    const touched = new Set<string>();
    for (const turn of turns) for (const change of await repo.changes(turn.begin, turn.end ?? current)) touched.add(change.path);
    // Someone else changed a file these turns changed: after the last turn, or between two of them.
    const conflicts = new Set<string>();
    const gaps: [string, string][] = [[turns.at(-1)?.end ?? current, current]];
    for (let i = 0; i + 1 < turns.length; i++) gaps.push([turns[i]!.end ?? turns[i + 1]!.begin, turns[i + 1]!.begin]);
    for (const [from, to] of gaps) for (const change of await repo.changes(from, to)) if (touched.has(change.path)) conflicts.add(change.path);
    if (conflicts.size > 0 && !force) return { ok: true, conflicts: [...conflicts].sort() };
    const net = (await repo.changes(first.begin, current)).filter((change) => touched.has(change.path));
    await repo.restore(first.begin, net);
    return { ok: true, changes: net };
  }

  private async repoOf(workdir: string): Promise<ShadowRepo> {
    const real = await realDirInsideRoots(workdir, this.options.roots);
    let repo = this.repos.get(real);
    if (!repo) {
      const gitDir = join(this.options.dir, `${hash(real).slice(0, 24)}.git`);
      this.repos.set(real, (repo = new ShadowRepo(gitDir, real)));
      await mkdir(this.options.dir, { recursive: true, mode: 0o700 });
      await writeFile(join(this.options.dir, "README"), "aiflare-worker checkpoints: one shadow git repository per session workdir (never the project's own .git).\n").catch(() => undefined);
    }
    return repo;
  }
}
