import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OpenAIResponsesClient } from "@aiflare/core";
import { FakeResponsesServer, responseEvents, type FakeItem, type FakeReply } from "@aiflare/core/testing";
import type { SessionEvent, SessionSummary } from "@aiflare/protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ModelSetup } from "../src/agent/model-setup.js";
import { WORKER_TOKEN, sleep, startTestHub, waitFor, type TestHub } from "./helpers.js";
import { argvOf, processesMatching } from "./processes.js";
import { spawnWorker, type WorkerProcess } from "./worker-process.js";
import { isProcessAlive as alive } from "@aiflare/core/testing";

const reply = (...items: FakeItem[]): FakeReply => ({ kind: "stream", events: responseEvents(items) });
const say = (text: string) => reply({ type: "message", text });
const shell = (callId: string, script: string, extra: Record<string, unknown> = {}): FakeItem => ({
  type: "function_call",
  name: "shell",
  arguments: { command: ["bash", "-c", script], ...extra },
  callId,
});
const patchCall = (callId: string, ...lines: string[]): FakeItem => ({
  type: "function_call",
  name: "apply_patch",
  arguments: { input: ["*** Begin Patch", ...lines, "*** End Patch"].join("\n") },
  callId,
});


describe("hub + real worker process", () => {
  let fake: FakeResponsesServer;
  let t: TestHub;
  let dir: string;
  let root: string;
  const workers: WorkerProcess[] = [];

  beforeEach(async () => {
    fake = await FakeResponsesServer.start();
    dir = await mkdtemp(join(tmpdir(), "aiflare-worker-"));
    root = join(dir, "repo");
    await mkdir(root, { recursive: true });
  });
  afterEach(async () => {
    for (const worker of workers.splice(0)) await worker.kill("SIGKILL");
    await t?.close();
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  });

  const model = (): ModelSetup => ({
    client: new OpenAIResponsesClient({ apiKey: "sk-test", baseURL: fake.baseURL }),
    defaultModel: "fake-model",
    conversationMode: "previous_response_id",
    demo: false,
  });

  function worker(name = "box"): WorkerProcess {
    const process = spawnWorker(["--hub", t.hub.url, "--token", WORKER_TOKEN, "--root", root, "--name", name, "--state", join(dir, `${name}.json`)]);
    workers.push(process);
    return process;
  }

  async function sessionOnWorker(approvalPolicy = "full-auto", name = "box"): Promise<{ session: SessionSummary; process: WorkerProcess }> {
    const process = worker(name);
    await process.waitFor(/connected to/);
    const { workerId } = JSON.parse(await readFile(join(dir, `${name}.json`), "utf8")) as { workerId: string };
    const created = await t.api("POST", "/api/sessions", { workerId, workdir: root, approvalPolicy });
    expect(created.status).toBe(201);
    return { session: created.body.session as SessionSummary, process };
  }

  async function send(id: string, text: string) {
    expect((await t.api("POST", `/api/sessions/${id}/messages`, { text })).status).toBe(202);
  }

  function events(id: string): SessionEvent[] {
    return t.hub.store.eventsAfter(id).events;
  }

  async function turnsDone(id: string, count: number, timeoutMs = 15_000): Promise<SessionEvent[]> {
    await waitFor(() => events(id).filter((e) => e.type === "turn_completed").length >= count, timeoutMs, `${count} turns`);
    await t.hub.store.flush();
    return events(id);
  }

  const resultOf = (list: SessionEvent[], callId: string) => list.find((e) => e.type === "tool_result" && e.callId === callId);

  it("runs shell on the worker with live output, and the worker says what it does", async () => {
    t = await startTestHub({ model: model() });
    const { session, process } = await sessionOnWorker();
    fake.enqueue(reply(shell("c1", "for i in 1 2 3; do echo line$i; sleep 0.05; done; pwd")), say("fertig"));
    await send(session.id, "zähl bis drei");
    const list = await turnsDone(session.id, 1);
    const live = list.filter((e) => e.type === "tool_output").map((e) => (e.type === "tool_output" ? e.chunk : "")).join("");
    expect(live).toBe(`line1\nline2\nline3\n${root}\n`);
    expect(resultOf(list, "c1")).toMatchObject({ ok: true, exitCode: 0, output: `line1\nline2\nline3\n${root}\n` });
    expect(list.at(-1)).toMatchObject({ type: "turn_completed", status: "completed" });
    expect(process.output()).toMatch(/running shell `bash -c for i in/);
  });

  it("caps a 200,000-line output without choking the socket", async () => {
    t = await startTestHub({ model: model() });
    const { session } = await sessionOnWorker();
    fake.enqueue(reply(shell("big", "seq 1 200000")), say("viel"));
    await send(session.id, "viel Ausgabe");
    const list = await turnsDone(session.id, 1);
    const result = resultOf(list, "big");
    expect(result).toMatchObject({ ok: true, exitCode: 0 });
    const output = result?.type === "tool_result" ? result.output : "";
    expect(output.length).toBeLessThan(140 * 1024);
    expect(output.startsWith("1\n2\n3\n")).toBe(true);
    expect(output.endsWith("199999\n200000\n")).toBe(true);
    const live = list.filter((e) => e.type === "tool_output");
    const liveChars = live.reduce((n, e) => n + (e.type === "tool_output" ? e.chunk.length : 0), 0);
    expect(liveChars).toBeLessThan(1.1 * 1024 * 1024);
    expect(live.length).toBeLessThan(200);
    // What the model got back is capped too.
    expect(JSON.stringify(fake.requests[1]?.body.input).length).toBeLessThan(200 * 1024);
  });

  it("applies patches on the worker: add, multi-chunk update, move, delete, Unicode dashes, CRLF; refuses escapes and leaves files on failure", async () => {
    await writeFile(join(root, "app.py"), "def a():\n    return 1\n\ndef b():\n    return 1\n");
    await writeFile(join(root, "notes.txt"), "range 1 - 5\n");
    await writeFile(join(root, "win.txt"), "one\r\ntwo\r\n");
    await writeFile(join(root, "gone.txt"), "bye\n");
    await writeFile(join(dir, "outside.txt"), "secret\n");
    await symlink(dir, join(root, "up"));
    t = await startTestHub({ model: model() });
    const { session } = await sessionOnWorker();
    fake.enqueue(
      reply(
        patchCall("p1", "*** Add File: src/new.ts", "+export const x = 1;", "*** Update File: app.py", "@@ def a():", "-    return 1", "+    return 10", "@@ def b():", "-    return 1", "+    return 20", "*** Delete File: gone.txt"),
        patchCall("p2", "*** Update File: src/new.ts", "*** Move to: lib/new.ts", "@@", "-export const x = 1;", "+export const x = 2;"),
        patchCall("p3", "*** Update File: notes.txt", "@@", "-range 1 \u2013 5", "+range 1 - 6"),
        patchCall("p4", "*** Update File: win.txt", "@@", " one", "-two", "+zwei"),
        patchCall("p5", "*** Add File: created-then-failed.txt", "+x", "*** Update File: app.py", "@@", "-no such line", "+y"),
        patchCall("p6", "*** Add File: ../escape.txt", "+x"),
        patchCall("p7", "*** Update File: up/outside.txt", "@@", "-secret", "+pwned"),
      ),
      say("gepatcht"),
    );
    await send(session.id, "patch");
    const list = await turnsDone(session.id, 1);
    expect(resultOf(list, "p1")).toMatchObject({ ok: true, output: "Success. Updated the following files:\nA src/new.ts\nM app.py\nD gone.txt\n" });
    expect(resultOf(list, "p2")).toMatchObject({ ok: true, output: expect.stringContaining("M lib/new.ts (moved from src/new.ts)") });
    expect(resultOf(list, "p3")).toMatchObject({ ok: true });
    expect(resultOf(list, "p4")).toMatchObject({ ok: true });
    expect(resultOf(list, "p5")).toMatchObject({ ok: false, error: "app.py: chunk 1: these lines were not found:\nno such line\nThe patch was not applied: no file was changed." });
    expect(resultOf(list, "p6")).toMatchObject({ ok: false, error: expect.stringContaining("leaves the working directory") });
    expect(resultOf(list, "p7")).toMatchObject({ ok: false, error: expect.stringContaining("symlink leads outside") });
    expect(await readFile(join(root, "app.py"), "utf8")).toBe("def a():\n    return 10\n\ndef b():\n    return 20\n");
    expect(await readFile(join(root, "lib/new.ts"), "utf8")).toBe("export const x = 2;\n");
    expect(await readFile(join(root, "notes.txt"), "utf8")).toBe("range 1 - 6\n");
    expect(await readFile(join(root, "win.txt"), "utf8")).toBe("one\r\nzwei\r\n");
    expect((await readdir(root)).sort()).toEqual(["app.py", "lib", "notes.txt", "src", "up", "win.txt"]);
    expect(await readdir(join(root, "src"))).toEqual([]);
    expect(await readFile(join(dir, "outside.txt"), "utf8")).toBe("secret\n");
    expect((await readdir(dir)).sort()).toEqual(["box.checkpoints", "box.json", "outside.txt", "repo"]);
  });

  it("cancel kills a sleep and its children", async () => {
    t = await startTestHub({ model: model() });
    const { session } = await sessionOnWorker();
    // A unique duration finds the sleep from out here (in the default sandbox its `$!` is a namespace pid).
    const marker = `sleep 100.${process.pid}${Date.now() % 1000}`;
    fake.enqueue(reply(shell("s1", `(${marker} & wait) & wait`)), say("danach"));
    await send(session.id, "schlaf");
    const pid = await waitFor(() => processesMatching(marker).find((p) => argvOf(p).join(" ") === marker), 10_000, "the sleep to start");
    expect(alive(pid)).toBe(true);
    expect(await t.api("POST", `/api/sessions/${session.id}/cancel`)).toEqual({ status: 200, body: { canceled: true } });
    const list = await turnsDone(session.id, 1);
    expect(list.at(-1)).toMatchObject({ type: "turn_completed", status: "canceled" });
    await waitFor(() => processesMatching(marker).length === 0, 3000, "the sleep and every process around it to die");
    // The worker answered the cancel with a canceled result, recorded for the call.
    expect(resultOf(list, "s1")).toMatchObject({ ok: false });
  });

  it("a worker killed mid-call fails the turn within seconds; restarted with its state file it keeps its id and works", async () => {
    t = await startTestHub({ model: model(), workerGraceMs: 1500 });
    const { session, process } = await sessionOnWorker();
    fake.enqueue(reply(shell("k1", "sleep 30"))); // the turn fails before a second request
    await send(session.id, "lang");
    await process.waitFor(/running shell/);
    await process.kill("SIGKILL");
    // "Within seconds": the grace is 1.5 s and turnsDone gives up after 15 s.
    const list = await turnsDone(session.id, 1);
    expect(resultOf(list, "k1")).toMatchObject({ ok: false, error: expect.stringMatching(/disconnected and did not come back within 2s|restarted and lost this call/) });
    expect(list.at(-1)).toMatchObject({ type: "turn_completed", status: "failed", error: expect.stringMatching(/worker box .* (disconnected|restarted)/) });
    expect(list.some((e) => e.type === "notice" && e.level === "error" && /turn failed: worker box/.test(e.text))).toBe(true);

    const again = worker();
    await again.waitFor(/connected to/);
    expect(t.hub.workers.list()).toHaveLength(1);
    expect(t.hub.workers.get(session.workerId)?.status).toBe("online");
    fake.enqueue(reply(shell("k2", "echo wieder da")), say("ok"));
    await send(session.id, "nochmal");
    const after = await turnsDone(session.id, 2);
    expect(resultOf(after, "k2")).toMatchObject({ ok: true, output: "wieder da\n" });
  });

  it("delivers a result after the worker's connection drops mid-call and comes back", async () => {
    t = await startTestHub({ model: model() });
    const { session, process } = await sessionOnWorker();
    fake.enqueue(reply(shell("r1", "sleep 1.5; echo geschafft")), say("ok"));
    await send(session.id, "warte");
    await process.waitFor(/running shell/);
    t.hub.workers.connectionOf(session.workerId)?.disconnect(true);
    const list = await turnsDone(session.id, 1);
    expect(resultOf(list, "r1")).toMatchObject({ ok: true, output: "geschafft\n" });
    expect(process.output()).toMatch(/reconnecting in \d+\.\ds/);
  });

  it("asks for approval under suggest: approve runs, deny tells the model, cancel resolves a waiting one", async () => {
    t = await startTestHub({ model: model() });
    const { session } = await sessionOnWorker("suggest");
    fake.enqueue(reply(shell("a1", "echo approved-ran")), reply(shell("a2", "echo must-not-run")), say("ok"));
    await send(session.id, "mach was");
    await waitFor(() => t.hub.store.get(session.id)?.status === "awaiting_approval", 10_000, "awaiting approval");
    expect(events(session.id).find((e) => e.type === "approval_requested")).toMatchObject({ callId: "a1", tool: "shell", args: { command: ["bash", "-c", "echo approved-ran"] } });
    expect(await t.api("POST", `/api/sessions/${session.id}/approvals/a1`, { decision: "approve" })).toEqual({ status: 200, body: { resolved: true } });
    await waitFor(() => events(session.id).some((e) => e.type === "approval_requested" && e.callId === "a2"), 10_000, "second approval");
    const browser = await t.browser();
    expect(await browser.timeout(2000).emitWithAck("approval:respond", { sessionId: session.id, callId: "a2", decision: "deny" })).toEqual({ ok: true });
    const list = await turnsDone(session.id, 1);
    expect(resultOf(list, "a1")).toMatchObject({ ok: true, output: "approved-ran\n" });
    expect(resultOf(list, "a2")).toMatchObject({ ok: false, error: "denied by the user" });
    expect(list.filter((e) => e.type === "approval_resolved").map((e) => e.type === "approval_resolved" && e.decision)).toEqual(["approve", "deny"]);
    expect(JSON.stringify(fake.requests[2]?.body.input)).toContain("denied by the user");
    expect(t.hub.store.get(session.id)?.status).toBe("waiting");

    fake.enqueue(reply(shell("a3", "echo never")));
    await send(session.id, "noch was");
    await waitFor(() => t.hub.store.get(session.id)?.status === "awaiting_approval", 10_000, "third approval");
    await t.api("POST", `/api/sessions/${session.id}/cancel`);
    const canceled = await turnsDone(session.id, 2);
    expect(canceled.at(-1)).toMatchObject({ type: "turn_completed", status: "canceled" });
    expect(canceled.filter((e) => e.type === "approval_resolved").at(-1)).toMatchObject({ callId: "a3", decision: "deny" });
  });

  it("auto-edit runs patches at once and holds shell commands for approval", async () => {
    t = await startTestHub({ model: model() });
    const { session } = await sessionOnWorker("auto-edit");
    fake.enqueue(reply(patchCall("e1", "*** Add File: auto.txt", "+hi")), reply(shell("e2", "cat auto.txt")), say("ok"));
    await send(session.id, "edit");
    await waitFor(() => t.hub.store.get(session.id)?.status === "awaiting_approval", 10_000, "approval for shell");
    expect(resultOf(events(session.id), "e1")).toMatchObject({ ok: true });
    expect(events(session.id).filter((e) => e.type === "approval_requested").map((e) => e.type === "approval_requested" && e.callId)).toEqual(["e2"]);
    await t.api("POST", `/api/sessions/${session.id}/approvals/e2`, { decision: "approve" });
    const list = await turnsDone(session.id, 1);
    expect(resultOf(list, "e2")).toMatchObject({ ok: true, output: "hi\n" });
  });

  it("the worker CLI: help, a missing token, and a refused token", async () => {
    t = await startTestHub({ model: model() });
    const help = spawnWorker(["--help"]);
    expect(await help.exited).toBe(0);
    expect(help.output()).toContain("--root DIR");
    const missing = spawnWorker(["--hub", t.hub.url, "--root", root]);
    expect(await missing.exited).toBe(2);
    expect(missing.output()).toContain("a worker token is needed");
    const refused = spawnWorker(["--hub", t.hub.url, "--token", "wrong-token", "--root", root, "--state", join(dir, "w.json")]);
    expect(await refused.exited).toBe(1);
    expect(refused.output()).toMatch(/refused this worker \(unauthorized\)/);
  });
});

describe("local mode (tools in the hub process)", () => {
  let fake: FakeResponsesServer;
  let t: TestHub;
  let root: string;
  afterEach(async () => {
    await t?.close();
    await fake.close();
    await rm(root, { recursive: true, force: true });
  });

  it("runs shell in-process on the built-in worker", async () => {
    fake = await FakeResponsesServer.start();
    root = await mkdtemp(join(tmpdir(), "aiflare-local-"));
    t = await startTestHub({
      model: { client: new OpenAIResponsesClient({ apiKey: "k", baseURL: fake.baseURL }), defaultModel: "m", conversationMode: "stateless", demo: false },
      localWorker: { roots: [root] },
    });
    expect((await t.api("GET", "/api/workers")).body.workers).toEqual([expect.objectContaining({ id: "local", status: "online", roots: [root] })]);
    const created = await t.api("POST", "/api/sessions", { workerId: "local", workdir: root });
    const id = created.body.session.id as string;
    fake.enqueue(reply(shell("l1", "echo lokal")), say("ok"));
    await t.api("POST", `/api/sessions/${id}/messages`, { text: "los" });
    await waitFor(() => t.hub.store.eventsAfter(id).events.some((e) => e.type === "turn_completed"), 10_000, "turn");
    await t.hub.store.flush();
    const list = t.hub.store.eventsAfter(id).events;
    expect(list.find((e) => e.type === "tool_result")).toMatchObject({ ok: true, output: "lokal\n" });
    expect(list.filter((e) => e.type === "tool_output").map((e) => (e.type === "tool_output" ? e.chunk : "")).join("")).toBe("lokal\n");
    await sleep(0);
  });
});
