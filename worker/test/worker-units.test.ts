import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseWorkerArgs } from "../src/cli-args.js";
import { OutputBatcher } from "../src/output-batcher.js";
import { loadOrCreateWorkerId } from "../src/state-file.js";

describe("worker parts", () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("keeps its id in the state file (0600) and reuses it", async () => {
    dir = await mkdtemp(join(tmpdir(), "aiflare-state-"));
    const file = join(dir, "nested", "worker.json");
    const id = await loadOrCreateWorkerId(file);
    expect(await loadOrCreateWorkerId(file)).toBe(id);
    expect(((await stat(file)).mode & 0o777).toString(8)).toBe("600");
    await writeFile(file, "{broken");
    const fresh = await loadOrCreateWorkerId(file);
    expect(fresh).not.toBe(id);
    expect(JSON.parse(await readFile(file, "utf8"))).toEqual({ workerId: fresh });
  });

  it("parses flags, with the token from the environment and roots resolved", () => {
    const args = parseWorkerArgs(["--hub", "http://h:1", "--root", "a", "--root", "/b", "--name", "my box"], { AIFLARE_WORKER_TOKEN: "tok" }, "/work");
    expect(args).toMatchObject({ hubUrl: "http://h:1", token: "tok", roots: ["/work/a", "/b"], name: "my box" });
    expect(args.stateFile).toMatch(/worker-my_box\.json$/);
    expect(() => parseWorkerArgs([], {}, "/")).toThrow(/worker token is needed/);
    expect(() => parseWorkerArgs(["--hub", "ftp://x", "--token", "t"], {}, "/")).toThrow(/--hub must be/);
    expect(() => parseWorkerArgs(["--bogus"], {}, "/")).toThrow();
  });

  it("batches output per stream and stops live output at its budget", () => {
    const sent: string[] = [];
    const batcher = new OutputBatcher((stream, chunk) => sent.push(`${stream}:${chunk}`), { intervalMs: 1000, maxChars: 10, budget: 30 });
    batcher.push("stdout", "abc");
    batcher.push("stdout", "def");
    batcher.push("stderr", "E");
    expect(sent).toEqual([]);
    batcher.push("stdout", "ghij");
    expect(sent).toEqual(["stdout:abcdef", "stderr:E", "stdout:ghij"]);
    batcher.push("stdout", "x".repeat(50));
    batcher.push("stdout", "never sent");
    batcher.flush();
    const all = sent.join("");
    expect(all).toContain("live output stops here");
    expect(all).not.toContain("never sent");
  });
});
