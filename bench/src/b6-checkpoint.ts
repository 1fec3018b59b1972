import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Checkpoints } from "@aiflare/worker";
import { quantile, type Row } from "./stats.js";

export interface CheckpointBenchOptions {
  /** Files in the workdir (default 10,000). */
  files: number;
  /** Bytes per file (default 5,000: 10,000 files are about 50 MB). */
  fileBytes: number;
  reps: number;
}

/** CPU time (user + system) of the child processes this process has waited for, in ms (Linux; NaN elsewhere). */
function childCpuMs(): number {
  try {
    const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[13]) + Number(fields[14])) * 10; // cutime + cstime, in 100 Hz ticks
  } catch {
    return Number.NaN;
  }
}

/** Milliseconds `fn` takes. */
async function time(fn: () => unknown): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

/**
 * B6: checkpoint cost on a large workdir. The first checkpoint (a fresh shadow repository)
 * beside `git add -A && git write-tree` into a fresh git dir on the same tree; and a
 * checkpoint with nothing changed since the last one (the common case: every turn).
 */
export async function benchCheckpoint(options: CheckpointBenchOptions): Promise<Row[]> {
  const dir = await mkdtemp(join(tmpdir(), "aiflare-b6-"));
  try {
    const work = join(dir, "work");
    const perDir = 100;
    for (let d = 0; d * perDir < options.files; d++) {
      const sub = join(work, `dir${d}`);
      await mkdir(sub, { recursive: true });
      const count = Math.min(perDir, options.files - d * perDir);
      await Promise.all(
        Array.from({ length: count }, (_, i) => writeFile(join(sub, `file${i}.txt`), randomBytes(Math.ceil((options.fileBytes * 3) / 4)).toString("base64").slice(0, options.fileBytes))),
      );
    }
    const baseline = (n: number) => {
      const gitDir = join(dir, `baseline-${n}.git`);
      execFileSync("git", ["init", "-q", "--bare", gitDir]);
      const env = { ...process.env, GIT_DIR: gitDir, GIT_WORK_TREE: work, GIT_INDEX_FILE: join(gitDir, "index") };
      return time(() => execFileSync("sh", ["-c", "git add -A && git write-tree"], { env, stdio: ["ignore", "ignore", "inherit"] }));
    };
    const first = async (n: number) => {
      const checkpoints = await Checkpoints.create({ dir: join(dir, `shadow-${n}`), roots: [dir] });
      const ms = await time(() => checkpoints.beforeChange(work, `first-${n}`));
      return { ms, checkpoints };
    };
    await baseline(-1); // warm the page cache, so neither side pays for the first read
    const base: number[] = [];
    const ours: number[] = [];
    let last: Checkpoints | undefined;
    for (let n = 0; n < options.reps; n++) {
      base.push(await baseline(n));
      const run = await first(n);
      ours.push(run.ms);
      last = run.checkpoints;
    }
    const unchanged: number[] = [];
    const cpuBefore = childCpuMs();
    for (let n = 0; n < options.reps + 2; n++) unchanged.push(await time(() => last!.beforeChange(work, `unchanged-${n}`)));
    const cpu = (childCpuMs() - cpuBefore) / unchanged.length;
    const b = quantile(base, 0.5);
    const f = quantile(ours, 0.5);
    const u = quantile(unchanged, 0.5);
    const size = `${options.files.toLocaleString("en")} files, ${Math.round((options.files * options.fileBytes) / 1e6)} MB`;
    return [
      { id: "B6", metric: `first checkpoint (${size}), median of ${options.reps}`, aiflare: f, baseline: b, unit: "ms", ratio: f / b, target: "≤ 1.5x", met: f / b <= 1.5, note: "baseline: git add -A && git write-tree into a fresh git dir on the same tree" },
      {
        id: "B6",
        metric: `checkpoint with nothing changed, median of ${unchanged.length}`,
        aiflare: u,
        unit: "ms",
        target: "≤ 200 ms",
        met: u <= 200,
        note: `git's own CPU time per checkpoint: ${Number.isNaN(cpu) ? "n/a" : `${Math.round(cpu)} ms`} (wall time beyond that is waiting for the machine)`,
      },
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
