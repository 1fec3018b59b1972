import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, symlink, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SessionSummary, WorkspaceDiffResponse } from "@aiflare/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WORKER_TOKEN, startTestHub, waitFor, type TestHub } from "./helpers.js";
import { spawnWorker, type WorkerProcess } from "./worker-process.js";

const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "init.defaultBranch=main", ...args], { cwd, stdio: "pipe" });

describe("workspace routes on a real worker process", () => {
  let t: TestHub;
  let dir: string;
  let repo: string;
  let plain: string;
  let worker: WorkerProcess;
  let session: SessionSummary;
  let plainSession: SessionSummary;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "aiflare-ws-"));
    repo = join(dir, "root", "repo");
    plain = join(dir, "root", "plain");
    await mkdir(join(repo, "src"), { recursive: true });
    await mkdir(plain, { recursive: true });
    await writeFile(join(repo, "keep.txt"), "one\ntwo\nthree\n");
    await writeFile(join(repo, "gone.txt"), "bye\n");
    await writeFile(join(repo, "src", "main.ts"), "export const x = 1;\n");
    git(repo, "init", "-q");
    git(repo, "add", "-A");
    git(repo, "commit", "-qm", "first");
    // A modified, a deleted and a new untracked file; an ignored one that must not show.
    await writeFile(join(repo, "keep.txt"), "one\nTWO\nthree\n");
    await unlink(join(repo, "gone.txt"));
    await writeFile(join(repo, "new file.txt"), "brand new\n");
    await writeFile(join(repo, ".gitignore"), "ignored.log\n");
    await writeFile(join(repo, "ignored.log"), "noise\n");
    await writeFile(join(repo, "blob.bin"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3, 0, 255]));
    await writeFile(join(repo, "big.txt"), "é".repeat(700_000)); // 1.4 MB of two-byte characters
    await writeFile(join(dir, "secret.txt"), "outside\n");
    await symlink(join(dir, "secret.txt"), join(repo, "escape.txt"));
    await symlink(dir, join(repo, "escape-dir"));

    t = await startTestHub();
    worker = spawnWorker(["--hub", t.hub.url, "--token", WORKER_TOKEN, "--root", join(dir, "root"), "--name", "ws", "--state", join(dir, "ws.json")]);
    await worker.waitFor(/connected to/);
    const { workerId } = JSON.parse(await readFile(join(dir, "ws.json"), "utf8")) as { workerId: string };
    session = (await t.api("POST", "/api/sessions", { workerId, workdir: repo })).body.session as SessionSummary;
    plainSession = (await t.api("POST", "/api/sessions", { workerId, workdir: plain })).body.session as SessionSummary;
  });

  afterAll(async () => {
    await worker?.kill("SIGKILL");
    await t?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("diffs a git workdir: modified, deleted and new untracked files, ignored ones left out", async () => {
    const res = await t.api("GET", `/api/sessions/${session.id}/workspace/diff`);
    expect(res.status).toBe(200);
    const body = res.body as WorkspaceDiffResponse;
    const byPath = Object.fromEntries(body.files.map((f) => [f.path, f]));
    expect(Object.keys(byPath).sort()).toEqual([".gitignore", "big.txt", "blob.bin", "escape-dir", "escape.txt", "gone.txt", "keep.txt", "new file.txt"]);
    expect(byPath["keep.txt"]).toMatchObject({ status: "modified" });
    expect(byPath["keep.txt"]?.diff).toContain("-two\n+TWO\n");
    expect(byPath["gone.txt"]).toMatchObject({ status: "deleted" });
    expect(byPath["gone.txt"]?.diff).toContain("-bye");
    expect(byPath["new file.txt"]).toMatchObject({ status: "added" });
    expect(byPath["new file.txt"]?.diff).toContain("+brand new");
    expect(byPath["big.txt"]?.diff).toMatch(/over 1 MiB/);
    expect(byPath["blob.bin"]?.diff).toMatch(/Binary files/);
    expect(body.notice).toBeUndefined();
  });

  it("says why there is no diff outside git", async () => {
    const res = await t.api("GET", `/api/sessions/${plainSession.id}/workspace/diff`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ files: [], notice: expect.stringMatching(/not in a git repository/) });
  });

  it("lists folders (folders first) and reads files", async () => {
    const top = await t.api("GET", `/api/sessions/${session.id}/workspace/tree`);
    expect(top.status).toBe(200);
    expect(top.body.path).toBe("");
    const names = (top.body.entries as { name: string; type: string }[]).map((e) => `${e.type}:${e.name}`);
    expect(names.slice(0, 3)).toEqual(["dir:.git", "dir:escape-dir", "dir:src"]);
    expect(names).toContain("file:keep.txt");
    const src = await t.api("GET", `/api/sessions/${session.id}/workspace/tree?path=src`);
    expect(src.body).toEqual({ path: "src", entries: [{ name: "main.ts", type: "file", size: 20 }] });
    const file = await t.api("GET", `/api/sessions/${session.id}/workspace/file?path=${encodeURIComponent("src/main.ts")}`);
    expect(file.body).toEqual({ path: "src/main.ts", content: "export const x = 1;\n", truncated: false, size: 20 });
  });

  it("marks binary files and cuts files over 1 MiB at a character boundary", async () => {
    const bin = await t.api("GET", `/api/sessions/${session.id}/workspace/file?path=blob.bin`);
    expect(bin.body).toMatchObject({ path: "blob.bin", content: "", binary: true, truncated: false });
    const big = await t.api("GET", `/api/sessions/${session.id}/workspace/file?path=big.txt`);
    expect(big.body).toMatchObject({ truncated: true, size: 1_400_000 });
    const content = big.body.content as string;
    expect(Buffer.byteLength(content)).toBeLessThanOrEqual(1024 * 1024);
    expect(content).toBe("é".repeat(content.length));
    expect(content.length).toBe(512 * 1024);
  });

  it("refuses traversal, absolute paths and symlinks out of the workdir with 400", async () => {
    for (const path of ["../plain", "../../secret.txt", "/etc/passwd", "escape.txt", "escape-dir/secret.txt", "src/../../plain"]) {
      for (const route of ["tree", "file"]) {
        const res = await t.api("GET", `/api/sessions/${session.id}/workspace/${route}?path=${encodeURIComponent(path)}`);
        expect(res.status, `${route} ${path}`).toBe(400);
        expect(res.body.error.code).toBe("invalid_request");
      }
    }
    expect((await t.api("GET", `/api/sessions/${session.id}/workspace/file?path=nope.txt`)).status).toBe(404);
    expect((await t.api("GET", `/api/sessions/${session.id}/workspace/file`)).status).toBe(400);
    expect((await t.api("GET", `/api/sessions/nope/workspace/diff`)).status).toBe(404);
  });

  it("answers 409 while the session's worker is offline", async () => {
    await worker.kill("SIGKILL");
    await waitFor(() => t.hub.workers.get(session.workerId)?.status === "offline", 10_000, "worker offline");
    for (const route of ["diff", "tree", "file?path=keep.txt"]) {
      const res = await t.api("GET", `/api/sessions/${session.id}/workspace/${route}`);
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe("worker_unavailable");
    }
  });
});

describe("workspace routes in local mode (the hub's built-in worker)", () => {
  it("reads the workdir in the hub process, confined the same way", async () => {
    const dir = await mkdtemp(join(tmpdir(), "aiflare-wslocal-"));
    const t = await startTestHub({ localWorker: { roots: [dir] } });
    try {
      await writeFile(join(dir, "a.txt"), "hello\n");
      git(dir, "init", "-q");
      const session = (await t.api("POST", "/api/sessions", { workerId: "local", workdir: dir })).body.session as SessionSummary;
      const diff = await t.api("GET", `/api/sessions/${session.id}/workspace/diff`);
      expect(diff.body.files).toEqual([expect.objectContaining({ path: "a.txt", status: "added" })]);
      expect((await t.api("GET", `/api/sessions/${session.id}/workspace/file?path=a.txt`)).body.content).toBe("hello\n");
      expect((await t.api("GET", `/api/sessions/${session.id}/workspace/tree?path=..`)).status).toBe(400);
    } finally {
      await t.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("outside git, diffs against the folder as it was before the session's first change (checkpoints)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "aiflare-wsplain-"));
    const t = await startTestHub({ localWorker: { roots: [dir] } });
    try {
      await writeFile(join(dir, "before.txt"), "old\n");
      const session = (await t.api("POST", "/api/sessions", { workerId: "local", workdir: dir })).body.session as SessionSummary;
      const empty = await t.api("GET", `/api/sessions/${session.id}/workspace/diff`);
      expect(empty.body).toMatchObject({ files: [], notice: expect.stringMatching(/not in a git repository/) });
      // The offline demo model runs the command on the local worker; its turn takes the first checkpoint.
      const result = await t.hub.runner.submitPrompt(session.id, "run `echo made > made.txt && rm before.txt`");
      expect(result.status).toBe("completed");
      const diff = (await t.api("GET", `/api/sessions/${session.id}/workspace/diff`)).body as WorkspaceDiffResponse;
      expect(diff.notice).toBeUndefined();
      expect(diff.files.map((f) => [f.path, f.status]).sort()).toEqual([["before.txt", "deleted"], ["made.txt", "added"]]);
      expect(diff.files.find((f) => f.path === "made.txt")?.diff).toContain("+made");
      // The base belongs to the session: another session on the same folder has changed nothing yet.
      const other = (await t.api("POST", "/api/sessions", { workerId: "local", workdir: dir })).body.session as SessionSummary;
      expect((await t.api("GET", `/api/sessions/${other.id}/workspace/diff`)).body).toMatchObject({ files: [], notice: expect.stringMatching(/not in a git repository/) });
    } finally {
      await t.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
