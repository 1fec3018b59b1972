import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HeadTailBuffer } from "../src/exec/head-tail.js";
import { executeWorkerTool } from "../src/tools/execute-tool.js";
import { isProcessAlive as alive } from "../src/testing/process-alive.js";



describe("executeWorkerTool", () => {
  let root: string;
  let work: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), "aiflare-exec-"));
    work = join(root, "repo");
    await mkdir(join(work, "sub"), { recursive: true });
  });
  afterEach(async () => rm(root, { recursive: true, force: true }));

  const run = (args: unknown, extra: { signal?: AbortSignal; onOutput?: (s: string, c: string) => void; tool?: string; workdir?: string; timeoutMs?: number } = {}) =>
    executeWorkerTool({
      callId: "c1",
      tool: extra.tool ?? "shell",
      args,
      workdir: extra.workdir ?? work,
      roots: [work],
      timeoutMs: extra.timeoutMs ?? 30_000,
      signal: extra.signal ?? new AbortController().signal,
      ...(extra.onOutput ? { onOutput: extra.onOutput } : {}),
    });

  it("runs argv without a shell, in the workdir, streaming stdout and stderr", async () => {
    const chunks: string[] = [];
    const result = await run({ command: ["bash", "-lc", "pwd; echo oops >&2; exit 3"] }, { onOutput: (s, c) => chunks.push(`${s}:${c}`) });
    expect(result).toMatchObject({ callId: "c1", ok: false, exitCode: 3 });
    expect(result.output).toContain(work);
    expect(result.output).toContain("oops");
    expect(chunks.some((c) => c.startsWith("stderr:oops"))).toBe(true);
    const literal = await run({ command: ["echo", "$HOME", "a;b"] });
    expect(literal).toMatchObject({ ok: true, exitCode: 0, output: "$HOME a;b\n" });
  });

  it("honours workdir inside the session dir and refuses one outside", async () => {
    expect((await run({ command: ["pwd"], workdir: "sub" })).output.trim()).toBe(join(work, "sub"));
    expect(await run({ command: ["pwd"], workdir: ".." })).toMatchObject({ ok: false, error: expect.stringMatching(/outside/) });
    expect(await run({ command: ["pwd"] }, { workdir: root })).toMatchObject({ ok: false, error: expect.stringMatching(/outside the allowed roots/) });
    await symlink(root, join(work, "up"));
    expect(await run({ command: ["pwd"], workdir: "up" })).toMatchObject({ ok: false, error: expect.stringMatching(/outside/) });
  });

  it("answers a missing executable with a failed result", async () => {
    expect(await run({ command: ["definitely-not-a-command-xyz"] })).toMatchObject({ ok: false, exitCode: 127, error: "command not found: definitely-not-a-command-xyz" });
  });

  it("rejects bad arguments", async () => {
    expect(await run({ command: "ls" })).toMatchObject({ ok: false, error: expect.stringMatching(/^invalid arguments: command/) });
    expect(await run({ input: 5 }, { tool: "apply_patch" })).toMatchObject({ ok: false, error: expect.stringMatching(/^invalid arguments[^]*no file was changed\.$/) });
    const patch = "*** Begin Patch\n*** Add File: a.txt\n+a\n*** End Patch";
    expect(await run({ input: patch }, { tool: "apply_patch", workdir: root })).toMatchObject({ ok: false, error: expect.stringMatching(/outside the allowed roots[^]*no file was changed\.$/) });
    expect(await run({}, { tool: "rm_rf" })).toMatchObject({ ok: false, error: 'unknown tool "rm_rf"' });
  });

  it("kills the whole process group on timeout", async () => {
    const pidFile = join(work, "child.pid");
    const result = await run({ command: ["bash", "-c", `sleep 30 & echo $! > ${pidFile}; wait`], timeout_ms: 300 });
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/^timed out after/) });
    const child = Number(await readFile(pidFile, "utf8"));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(alive(child)).toBe(false);
  });

  it("cancels a sleep and its children", async () => {
    const controller = new AbortController();
    const pidFile = join(work, "grandchild.pid");
    const pending = run({ command: ["bash", "-c", `(sleep 60 & echo $! > ${pidFile}; wait) & wait`] }, { signal: controller.signal });
    for (let i = 0; i < 100; i++) {
      const text = await readFile(pidFile, "utf8").catch(() => "");
      if (text.trim()) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const grandchild = Number(await readFile(pidFile, "utf8"));
    expect(alive(grandchild)).toBe(true);
    controller.abort();
    expect(await pending).toMatchObject({ ok: false, error: "canceled" });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(alive(grandchild)).toBe(false);
  });

  it("caps a 200,000-line output, keeping head and tail", async () => {
    let streamed = 0;
    const result = await run({ command: ["seq", "1", "200000"] }, { onOutput: (_s, c) => (streamed += c.length) });
    expect(result.ok).toBe(true);
    expect(streamed).toBe(execFileSync("seq", ["1", "200000"], { maxBuffer: 16 * 1024 * 1024 }).length);
    expect(result.output.length).toBeLessThan(140 * 1024);
    expect(result.output.startsWith("1\n2\n3\n")).toBe(true);
    expect(result.output.endsWith("199999\n200000\n")).toBe(true);
    expect(result.output).toMatch(/\[\.\.\. \d+ characters omitted \.\.\.\]/);
  });
});

describe("HeadTailBuffer", () => {
  it("keeps head and tail and counts what it dropped", () => {
    const buffer = new HeadTailBuffer(3, 4);
    for (const piece of ["ab", "cdef", "ghij", "kl"]) buffer.push(piece);
    expect(buffer.omitted).toBe(12 - 7);
    expect(buffer.toString()).toBe("abc\n[... 5 characters omitted ...]\nijkl");
    const small = new HeadTailBuffer(10, 10);
    small.push("hello");
    expect(small.toString()).toBe("hello");
  });
});
