import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmod, mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { OpenAIResponsesClient } from "@aiflare/core";
import { FakeResponsesServer, responseEvents, type FakeItem, type FakeReply } from "@aiflare/core/testing";
import type { SessionEvent, SessionSummary } from "@aiflare/protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ModelSetup } from "../src/agent/model-setup.js";
import { WORKER_TOKEN, startTestHub, waitFor, type TestHub } from "./helpers.js";
import { spawnWorker, type WorkerProcess } from "./worker-process.js";

const reply = (id: string, ...items: FakeItem[]): FakeReply => ({ kind: "stream", events: responseEvents(items, { id }) });
const say = (id: string, text: string) => reply(id, { type: "message", text });
const shell = (callId: string, script: string): FakeItem => ({ type: "function_call", name: "shell", arguments: { command: ["bash", "-c", script] }, callId });
const patch = (callId: string, ...lines: string[]): FakeItem => ({
  type: "function_call",
  name: "apply_patch",
  arguments: { input: ["*** Begin Patch", ...lines, "*** End Patch"].join("\n") },
  callId,
});

/** Every file under `dir` (but `.git`): path -> mode and sha256 of its bytes. */
async function tree(dir: string, base = dir): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name === ".git") continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) Object.assign(out, await tree(full, base));
    else out[relative(base, full)] = `${((await stat(full)).mode & 0o777).toString(8)} ${createHash("sha256").update(await readFile(full)).digest("hex")}`;
  }
  return out;
}

const gitIn = (dir: string, ...args: string[]) => execFileSync("git", ["-C", dir, "-c", "user.email=t@example.com", "-c", "user.name=t", ...args], { encoding: "utf8" });

/** The user's repository as git sees it: index bytes, every ref, every object. */
async function gitState(dir: string): Promise<string> {
  const index = createHash("sha256").update(await readFile(join(dir, ".git", "index"))).digest("hex");
  const refs = gitIn(dir, "for-each-ref", "--format=%(refname) %(objectname)");
  const objects = gitIn(dir, "cat-file", "--batch-all-objects", "--batch-check");
  return `${index}\n${refs}\n${gitIn(dir, "rev-parse", "HEAD")}\n${objects}`;
}

describe("checkpoints: per-turn diff, revert and fork (real worker process, fake model)", () => {
  let fake: FakeResponsesServer;
  let t: TestHub;
  let dir: string;
  let root: string;
  const workers: WorkerProcess[] = [];

  beforeEach(async () => {
    fake = await FakeResponsesServer.start();
    dir = await mkdtemp(join(tmpdir(), "aiflare-cp-"));
    root = join(dir, "repo");
    await mkdir(root, { recursive: true });
  });
  afterEach(async () => {
    for (const worker of workers.splice(0)) await worker.kill("SIGKILL");
    await t?.close();
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  });

  const model = (conversationMode: ModelSetup["conversationMode"]): ModelSetup => ({
    client: new OpenAIResponsesClient({ apiKey: "sk-test", baseURL: fake.baseURL }),
    defaultModel: "fake-model",
    conversationMode,
    demo: false,
  });

  async function session(mode: ModelSetup["conversationMode"]): Promise<SessionSummary> {
    t = await startTestHub({ model: model(mode) });
    const worker = spawnWorker(["--hub", t.hub.url, "--token", WORKER_TOKEN, "--root", root, "--name", "box", "--state", join(dir, "box.json")]);
    workers.push(worker);
    await worker.waitFor(/connected to/);
    expect(worker.output()).toMatch(/checkpoints on/);
    const { workerId } = JSON.parse(await readFile(join(dir, "box.json"), "utf8")) as { workerId: string };
    const created = await t.api("POST", "/api/sessions", { workerId, workdir: root });
    expect(created.status).toBe(201);
    return created.body.session as SessionSummary;
  }

  const events = (id: string): SessionEvent[] => t.hub.store.eventsAfter(id).events;

  /** Sends a prompt and waits for its turn; answers its turn_completed. */
  async function turn(id: string, text: string) {
    const before = events(id).filter((e) => e.type === "turn_completed").length;
    expect((await t.api("POST", `/api/sessions/${id}/messages`, { text })).status).toBe(202);
    await waitFor(() => events(id).filter((e) => e.type === "turn_completed").length > before, 20_000, `turn "${text}"`);
    await t.hub.store.flush();
    const done = events(id).filter((e) => e.type === "turn_completed").at(-1);
    if (done?.type !== "turn_completed") throw new Error("no turn");
    return done;
  }

  /** The four-file turn: patch one, create one, delete one (apply_patch), a command writes another. */
  function enqueueFourFileTurn(prefix: string): void {
    fake.enqueue(
      reply(`${prefix}_1`, patch("p1", "*** Update File: keep.txt", "@@", "-alpha", "+ALPHA", "*** Add File: new.txt", "+brand new", "*** Delete File: gone.txt")),
      reply(`${prefix}_2`, shell("s1", "printf 'from a command\\n' > cmd.txt")),
      say(`${prefix}_3`, "four files done"),
    );
  }

  async function seed(): Promise<void> {
    await writeFile(join(root, "keep.txt"), "alpha\nbeta\n");
    await writeFile(join(root, "gone.txt"), "to be deleted\n");
    await writeFile(join(root, "blob.bin"), Buffer.from([0, 1, 2, 255, 254, 0, 10, 13]));
    await writeFile(join(root, "run.sh"), "#!/bin/sh\necho hi\n");
    await chmod(join(root, "run.sh"), 0o644);
    await writeFile(join(root, ".gitignore"), "ignored/\n");
    await mkdir(join(root, "ignored"));
    await writeFile(join(root, "ignored", "big.log"), "not snapshotted\n");
  }

  it("a turn's diff lists all four files; revert restores them byte for byte (binary, exec bit); the model forgets the turn; the user's .git is untouched", async () => {
    await seed();
    gitIn(root, "init", "-q");
    gitIn(root, "add", "-A");
    gitIn(root, "commit", "-qm", "start");
    await writeFile(join(root, "keep.txt"), "alpha\nbeta\nstaged\n");
    gitIn(root, "add", "keep.txt"); // the user's index differs from HEAD: it must stay so
    const s = await session("previous_response_id");
    const gitBefore = await gitState(root);

    fake.enqueue(say("r0", "hello"));
    await turn(s.id, "first prompt");
    const treeBefore = await tree(root);

    enqueueFourFileTurn("r1");
    const t1 = await turn(s.id, "the four-file turn");
    expect(t1.changes).toEqual([
      { path: "cmd.txt", status: "added" },
      { path: "gone.txt", status: "deleted" },
      { path: "keep.txt", status: "modified" },
      { path: "new.txt", status: "added" },
    ]);
    const diff = await t.api("GET", `/api/sessions/${s.id}/turns/${t1.turnId}/diff`);
    expect(diff.status).toBe(200);
    expect(diff.body.turnId).toBe(t1.turnId);
    const files = diff.body.files as { path: string; status: string; diff: string }[];
    expect(files.map((f) => [f.path, f.status])).toEqual(t1.changes!.map((c) => [c.path, c.status]));
    expect(files.find((f) => f.path === "keep.txt")?.diff).toContain("-alpha\n+ALPHA\n");
    expect(files.find((f) => f.path === "new.txt")?.diff).toContain("+brand new");
    expect(files.find((f) => f.path === "gone.txt")?.diff).toContain("-to be deleted");
    expect(files.find((f) => f.path === "cmd.txt")?.diff).toContain("+from a command");

    // A second turn: a binary file and an executable bit change, a new folder.
    fake.enqueue(reply("r2_1", shell("s2", "printf '\\001\\002\\003' >> blob.bin && chmod +x run.sh && mkdir -p deep/er && echo x > deep/er/f")), say("r2_2", "binary and mode"));
    const t2 = await turn(s.id, "second turn");
    expect(t2.changes).toEqual([
      { path: "blob.bin", status: "modified" },
      { path: "deep/er/f", status: "added" },
      { path: "run.sh", status: "modified" },
    ]);
    const binary = await t.api("GET", `/api/sessions/${s.id}/turns/${t2.turnId}/diff`);
    expect(binary.body.files[0].diff).toMatch(/Binary files a\/blob.bin and b\/blob.bin differ/);
    expect(binary.body.files[2].diff).toMatch(/old mode 100644\nnew mode 100755/);

    // Undo the four-file turn and everything after it.
    const reverted = await t.api("POST", `/api/sessions/${s.id}/revert`, { turnId: t1.turnId });
    expect(reverted.status).toBe(200);
    expect(reverted.body.turnId).toBe(t1.turnId);
    expect((reverted.body.files as { path: string }[]).map((f) => f.path).sort()).toEqual(["blob.bin", "cmd.txt", "deep/er/f", "gone.txt", "keep.txt", "new.txt", "run.sh"]);
    expect(await tree(root)).toEqual(treeBefore);
    expect(await readdir(root)).not.toContain("deep");
    expect(await gitState(root)).toBe(gitBefore);
    expect(gitIn(root, "--no-optional-locks", "status", "--porcelain")).toBe("M  keep.txt\n");
    await t.hub.store.flush();
    expect(events(s.id).at(-1)).toMatchObject({ type: "reverted", turnId: t1.turnId });

    // Undoing it twice is refused; the next prompt continues from before the turn.
    expect((await t.api("POST", `/api/sessions/${s.id}/revert`, { turnId: t2.turnId })).status).toBe(409);
    fake.enqueue(say("r3", "again"));
    await turn(s.id, "after the undo");
    const last = fake.requests.at(-1)!.body as { previous_response_id?: string; input: unknown[] };
    expect(last.previous_response_id).toBe("r0");
    expect(JSON.stringify(last.input)).not.toMatch(/four-file|second turn|ALPHA/);
    expect(await gitState(root)).toBe(gitBefore);
  });

  it("stateless mode in a folder that is no git repository: revert rewinds the history; fork keeps the context up to its turn", async () => {
    await seed();
    const s = await session("stateless");
    fake.enqueue(say("r0", "hello"));
    const t0 = await turn(s.id, "first prompt");
    expect(t0.changes).toBeUndefined(); // ran nothing on the worker
    const treeBefore = await tree(root);
    enqueueFourFileTurn("r1");
    const t1 = await turn(s.id, "the four-file turn");
    expect(t1.changes?.map((c) => c.path)).toEqual(["cmd.txt", "gone.txt", "keep.txt", "new.txt"]);
    await expect(readdir(root)).resolves.not.toContain(".git");

    // Fork at the first turn: its timeline and context stop there.
    const fork = await t.api("POST", `/api/sessions/${s.id}/fork`, { turnId: t0.turnId });
    expect(fork.status).toBe(201);
    const forked = fork.body.session as SessionSummary;
    expect(forked).toMatchObject({ parentId: s.id, workerId: s.workerId, workdir: s.workdir });
    expect(events(forked.id).map((e) => e.type)).toEqual(events(s.id).slice(0, events(s.id).findIndex((e) => e.type === "turn_completed") + 1).map((e) => e.type));
    fake.enqueue(say("f1", "forked"));
    await turn(forked.id, "in the fork");
    const forkInput = JSON.stringify((fake.requests.at(-1)!.body as { input: unknown[] }).input);
    expect(forkInput).toContain("first prompt");
    expect(forkInput).toContain("in the fork");
    expect(forkInput).not.toContain("four-file");

    // A fork with no turn holds everything.
    const all = await t.api("POST", `/api/sessions/${s.id}/fork`, {});
    expect(all.status).toBe(201);
    fake.enqueue(say("f2", "all"));
    await turn(all.body.session.id, "in the full fork");
    expect(JSON.stringify((fake.requests.at(-1)!.body as { input: unknown[] }).input)).toContain("four files done");

    // Revert in the source: files back, and the history forgets the turn.
    const reverted = await t.api("POST", `/api/sessions/${s.id}/revert`, { turnId: t1.turnId });
    expect(reverted.status).toBe(200);
    expect(await tree(root)).toEqual(treeBefore);
    fake.enqueue(say("r2", "again"));
    await turn(s.id, "after the undo");
    const input = JSON.stringify((fake.requests.at(-1)!.body as { input: unknown[] }).input);
    expect(input).toContain("first prompt");
    expect(input).not.toMatch(/four-file|four files done|ALPHA|cmd\.txt/);
  });

  it("refuses while a turn runs, and when someone else changed a file since (409 listing it) unless forced", async () => {
    await writeFile(join(root, "a.txt"), "original\n");
    const s = await session("previous_response_id");
    fake.enqueue(reply("r1_1", shell("s1", "echo agent > a.txt")), say("r1_2", "changed a"));
    const t1 = await turn(s.id, "change a");

    // A running turn: the command waits for a file the test creates.
    fake.enqueue(reply("r2_1", shell("s2", "echo waiting; while [ ! -e go ]; do sleep 0.05; done; rm go")), say("r2_2", "waited"));
    expect((await t.api("POST", `/api/sessions/${s.id}/messages`, { text: "wait" })).status).toBe(202);
    await waitFor(() => events(s.id).some((e) => e.type === "tool_output" && e.callId === "s2"), 10_000, "the waiting call");
    const busy = await t.api("POST", `/api/sessions/${s.id}/revert`, { turnId: t1.turnId });
    expect(busy.status).toBe(409);
    expect(busy.body.error.code).toBe("conflict");
    await writeFile(join(root, "go"), "");
    await waitFor(() => events(s.id).filter((e) => e.type === "turn_completed").length === 2, 10_000, "second turn");

    // Someone else edits the file after the turns.
    await writeFile(join(root, "a.txt"), "someone else\n");
    const conflict = await t.api("POST", `/api/sessions/${s.id}/revert`, { turnId: t1.turnId });
    expect(conflict.status).toBe(409);
    expect(conflict.body.error.details).toEqual([{ path: "a.txt", message: "changed since the turn" }]);
    expect(await readFile(join(root, "a.txt"), "utf8")).toBe("someone else\n");
    const forced = await t.api("POST", `/api/sessions/${s.id}/revert`, { turnId: t1.turnId, force: true });
    expect(forced.status).toBe(200);
    expect(forced.body.files).toEqual([{ path: "a.txt", status: "modified" }]);
    expect(await readFile(join(root, "a.txt"), "utf8")).toBe("original\n");

    // Validation and unknown turns.
    expect((await t.api("POST", `/api/sessions/${s.id}/revert`, {})).status).toBe(400);
    expect((await t.api("POST", `/api/sessions/${s.id}/revert`, { turnId: "nope" })).status).toBe(404);
    expect((await t.api("GET", `/api/sessions/${s.id}/turns/nope/diff`)).status).toBe(404);
    expect((await t.api("POST", `/api/sessions/${s.id}/fork`, { turnId: "nope" })).status).toBe(404);
  });
});

describe("checkpoints: local mode and a machine without git", () => {
  let fake: FakeResponsesServer;
  let t: TestHub | undefined;
  let dir: string;
  beforeEach(async () => {
    fake = await FakeResponsesServer.start();
    dir = await mkdtemp(join(tmpdir(), "aiflare-cp-"));
  });
  afterEach(async () => {
    await t?.close();
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("the hub's in-process worker checkpoints too (state in its data dir, outside the workdir)", async () => {
    await writeFile(join(dir, "a.txt"), "one\n");
    t = await startTestHub({
      model: { client: new OpenAIResponsesClient({ apiKey: "sk-test", baseURL: fake.baseURL }), defaultModel: "fake-model", conversationMode: "stateless", demo: false },
      localWorker: { roots: [dir] },
    });
    const created = await t.api("POST", "/api/sessions", { workerId: "local", workdir: dir });
    const id = (created.body.session as SessionSummary).id;
    fake.enqueue(reply("l1", shell("c1", "echo two > a.txt && echo b > b.txt")), say("l2", "done"));
    expect((await t.api("POST", `/api/sessions/${id}/messages`, { text: "go" })).status).toBe(202);
    const done = await waitFor(() => t!.hub.store.eventsAfter(id).events.find((e) => e.type === "turn_completed"), 20_000, "turn");
    expect(done).toMatchObject({ changes: [{ path: "a.txt", status: "modified" }, { path: "b.txt", status: "added" }] });
    const turnId = done.type === "turn_completed" ? done.turnId : "";
    expect((await t.api("POST", `/api/sessions/${id}/revert`, { turnId })).status).toBe(200);
    expect(await readdir(dir)).toEqual(["a.txt"]);
    expect(await readFile(join(dir, "a.txt"), "utf8")).toBe("one\n");
  });

  it("a worker without git says checkpoints are off, and says why", async () => {
    t = await startTestHub({});
    const worker = spawnWorker(["--hub", t.hub.url, "--token", WORKER_TOKEN, "--root", dir, "--name", "nogit", "--state", join(dir, "nogit.json")], { PATH: join(dir, "no-such-bin") });
    try {
      await worker.waitFor(/connected to/);
      expect(worker.output()).toMatch(/checkpoints off: git was not found on this machine/);
    } finally {
      await worker.kill("SIGKILL");
    }
  });
});
