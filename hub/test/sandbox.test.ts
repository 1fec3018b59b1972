import { existsSync } from "node:fs";
import { access, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server, type Socket } from "node:net";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { OpenAIResponsesClient } from "@aiflare/core";
import { FakeResponsesServer, responseEvents, type FakeItem, type FakeReply } from "@aiflare/core/testing";
import type { SessionEvent, SessionSummary } from "@aiflare/protocol";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { chooseSandbox } from "../../worker/src/sandbox/choose.js";
import { WORKER_TOKEN, startTestHub, waitFor, type TestHub } from "./helpers.js";
import { argvOf, processesMatching } from "./processes.js";
import { spawnWorker, type WorkerProcess } from "./worker-process.js";

// The sandbox needs bubblewrap that really works here (installed, and allowed to make namespaces).
const probe = await chooseSandbox(undefined, false);
if (probe.mode === "off") console.log(`sandbox tests skipped: ${probe.reason}`);

const reply = (...items: FakeItem[]): FakeReply => ({ kind: "stream", events: responseEvents(items) });
const say = (text: string) => reply({ type: "message", text });
const shell = (callId: string, script: string): FakeItem => ({ type: "function_call", name: "shell", arguments: { command: ["bash", "-c", script] }, callId });
const exists = (path: string) => access(path).then(() => true, () => false);

describe.skipIf(probe.mode === "off")("commands in the bubblewrap sandbox (real worker process)", { timeout: 90_000 }, () => {
  let fake: FakeResponsesServer;
  let t: TestHub;
  let dir: string;
  let root: string;
  let outside: string;
  let tcp: Server;
  let port: number;
  const accepted: Socket[] = [];
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    fake = await FakeResponsesServer.start();
    dir = await mkdtemp(join(tmpdir(), "aiflare-sandbox-"));
    // Outside /tmp, which the sandbox replaces with a private one.
    outside = await mkdtemp(join(existsSync("/var/tmp") ? "/var/tmp" : homedir(), "aiflare-sandbox-outside-"));
    t = await startTestHub({ model: { client: new OpenAIResponsesClient({ apiKey: "sk-test", baseURL: fake.baseURL }), defaultModel: "fake-model", conversationMode: "previous_response_id", demo: false } });
    // A server the commands try to reach; it greets and counts who came.
    tcp = createServer((socket) => {
      accepted.push(socket);
      socket.end("hello");
    });
    await new Promise<void>((resolve) => tcp.listen(0, "127.0.0.1", resolve));
    port = (tcp.address() as { port: number }).port;
  });
  afterEach(async () => {
    for (const worker of workers.splice(0)) await worker.kill("SIGKILL");
  });
  afterAll(async () => {
    await t?.close();
    await fake?.close();
    await new Promise((resolve) => tcp?.close(resolve));
    await rm(dir, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  });

  /** A worker with these flags and a session on it in a fresh workdir. */
  async function sessionWith(name: string, flags: string[]): Promise<{ session: SessionSummary; worker: WorkerProcess; workdir: string }> {
    root = join(dir, name);
    await mkdir(root);
    await writeFile(join(root, "existing.txt"), "was here\n");
    const worker = spawnWorker(["--hub", t.hub.url, "--token", WORKER_TOKEN, "--root", root, "--name", name, "--state", join(dir, `${name}.json`), ...flags]);
    workers.push(worker);
    await worker.waitFor(/connected to/, 30_000);
    const { workerId } = JSON.parse(await readFile(join(dir, `${name}.json`), "utf8")) as { workerId: string };
    const created = await t.api("POST", "/api/sessions", { workerId, workdir: root });
    expect(created.status).toBe(201);
    return { session: created.body.session as SessionSummary, worker, workdir: root };
  }

  /** Runs one turn in which the model makes these calls; returns each call's result by callId. */
  async function turn(session: SessionSummary, ...calls: FakeItem[]): Promise<Record<string, Extract<SessionEvent, { type: "tool_result" }>>> {
    const before = t.hub.store.eventsAfter(session.id).events.filter((e) => e.type === "turn_completed").length;
    fake.enqueue(reply(...calls), say("done"));
    expect((await t.api("POST", `/api/sessions/${session.id}/messages`, { text: "go" })).status).toBe(202);
    await waitFor(() => t.hub.store.eventsAfter(session.id).events.filter((e) => e.type === "turn_completed").length > before, 20_000, "the turn");
    const results: Record<string, Extract<SessionEvent, { type: "tool_result" }>> = {};
    for (const event of t.hub.store.eventsAfter(session.id).events) if (event.type === "tool_result") results[event.callId] = event;
    return results;
  }

  const connect = (id: string) => shell(id, `exec 3<>/dev/tcp/127.0.0.1/${port} && head -c 5 <&3`);

  it("workspace-write (the default here): the workdir and a private /tmp are writable, nothing else; no network", async () => {
    const { session, worker, workdir } = await sessionWith("ws", []);
    expect(worker.output()).toMatch(/sandbox: workspace-write \(bwrap works here: commands write only in the session's workdir and a private \/tmp; network off\)/);
    expect((await t.api("GET", "/api/workers")).body.workers.find((w: { name: string }) => w.name === "ws")).toMatchObject({ sandbox: "workspace-write" });
    const marker = `private-${process.pid}-${Date.now()}`;
    const seen = accepted.length;
    const results = await turn(
      session,
      shell("in", "echo hi > inside.txt && cat inside.txt existing.txt"),
      shell("out", `echo x > ${outside}/escape.txt`),
      shell("tmp", `echo t > /tmp/${marker} && cat /tmp/${marker}`),
      shell("sibling", `ls ${dir}`),
      connect("net"),
      { type: "function_call", name: "shell", arguments: { command: ["no-such-command-here"] }, callId: "nf" },
    );
    expect(results.in).toMatchObject({ ok: true, exitCode: 0, output: "hi\nwas here\n" });
    expect(await readFile(join(workdir, "inside.txt"), "utf8")).toBe("hi\n");
    // The command's own error, as with any other failure.
    expect(results.out).toMatchObject({ ok: false, exitCode: 1, output: expect.stringContaining(`${outside}/escape.txt: Read-only file system`) });
    expect(await exists(join(outside, "escape.txt"))).toBe(false);
    expect(results.tmp).toMatchObject({ ok: true, output: "t\n" });
    expect(await exists(join(tmpdir(), marker))).toBe(false);
    // The real /tmp is out of sight, all but the workdir bound into the private one.
    expect(results.sibling).toMatchObject({ ok: true, output: "ws\n" });
    expect(results.net).toMatchObject({ ok: false, output: expect.stringContaining("Connection refused") });
    expect(accepted.length).toBe(seen);
    expect(results.nf).toMatchObject({ ok: false, exitCode: 127, output: "", error: "command not found: no-such-command-here" });
  });

  it("--allow-network lets a sandboxed command reach the server", async () => {
    const { session, worker } = await sessionWith("net", ["--sandbox", "workspace-write", "--allow-network"]);
    expect(worker.output()).toMatch(/sandbox: workspace-write \(--sandbox workspace-write: .*; network allowed\)/);
    const seen = accepted.length;
    const results = await turn(session, connect("net"), shell("out", `touch ${outside}/still-not`));
    expect(results.net).toMatchObject({ ok: true, output: "hello" });
    expect(accepted.length).toBe(seen + 1);
    expect(results.out).toMatchObject({ ok: false, output: expect.stringContaining("Read-only file system") });
  });

  it("read-only refuses writes in the workdir too, and still runs commands that read", async () => {
    const { session, worker, workdir } = await sessionWith("ro", ["--sandbox", "read-only"]);
    expect(worker.output()).toMatch(/sandbox: read-only \(--sandbox read-only: commands cannot write the workdir/);
    const patch = { type: "function_call" as const, name: "apply_patch", arguments: { input: "*** Begin Patch\n*** Add File: patched.txt\n+x\n*** End Patch" }, callId: "p" };
    const results = await turn(session, shell("w", "echo no > inside.txt"), shell("r", "cat existing.txt && echo scratch > /tmp/s && cat /tmp/s"), patch);
    expect(results.w).toMatchObject({ ok: false, output: expect.stringContaining("inside.txt: Read-only file system") });
    expect(await exists(join(workdir, "inside.txt"))).toBe(false);
    expect(results.r).toMatchObject({ ok: true, output: "was here\nscratch\n" });
    expect(results.p).toMatchObject({ ok: false, error: "this worker runs with --sandbox read-only: apply_patch cannot change files" });
    expect(await exists(join(workdir, "patched.txt"))).toBe(false);
  });

  it("cancel kills a sandboxed sleep, its child, and the sandbox around them", async () => {
    const { session } = await sessionWith("cancel", []);
    const marker = `sleep 200.${process.pid}${Date.now() % 1000}`;
    fake.enqueue(reply(shell("s", `bash -c '${marker} & ${marker}1; wait' & wait`))); // canceled before a second request
    expect((await t.api("POST", `/api/sessions/${session.id}/messages`, { text: "sleep" })).status).toBe(202);
    await waitFor(() => processesMatching(marker).filter((pid) => argvOf(pid)[0] === "sleep").length === 2, 15_000, "both sleeps to start");
    // bwrap, its namespace's init, the shells and both sleeps.
    expect(processesMatching(marker).some((pid) => argvOf(pid)[0]?.endsWith("bwrap"))).toBe(true);
    expect(await t.api("POST", `/api/sessions/${session.id}/cancel`)).toEqual({ status: 200, body: { canceled: true } });
    await waitFor(() => t.hub.store.eventsAfter(session.id).events.some((e) => e.type === "turn_completed"), 15_000, "the turn to end");
    expect(t.hub.store.eventsAfter(session.id).events.find((e) => e.type === "turn_completed")).toMatchObject({ status: "canceled" });
    await waitFor(() => processesMatching(marker).length === 0, 5000, "every process of the call to die");
    // A timeout kills the sandboxed tree the same way.
    const slow = `sleep 300.${process.pid}${Date.now() % 1000}`;
    const results = await turn(session, { type: "function_call", name: "shell", arguments: { command: ["bash", "-c", `${slow} & ${slow}1; wait`], timeout_ms: 500 }, callId: "t" });
    expect(results.t).toMatchObject({ ok: false, error: "timed out after 1s; the process group was killed" });
    await waitFor(() => processesMatching(slow).length === 0, 5000, "every process of the timed-out call to die");
  });

  it("off runs commands as before: writes anywhere, reaches the network", async () => {
    const { session, worker } = await sessionWith("off", ["--sandbox", "off"]);
    expect(worker.output()).toMatch(/sandbox: off \(--sandbox off: commands run with the worker's full rights\)/);
    expect((await t.api("GET", "/api/workers")).body.workers.find((w: { name: string }) => w.name === "off")).toMatchObject({ sandbox: "off" });
    const results = await turn(session, shell("out", `echo x > ${outside}/unconfined.txt && echo ok`), connect("net"));
    expect(results.out).toMatchObject({ ok: true, output: "ok\n" });
    expect(await readFile(join(outside, "unconfined.txt"), "utf8")).toBe("x\n");
    expect(results.net).toMatchObject({ ok: true, output: "hello" });
  });
});

describe("choosing the sandbox at worker start", () => {
  it("falls back to off, saying why, when bwrap is missing; refuses an explicit sandbox it cannot give", async () => {
    const empty = await mkdtemp(join(tmpdir(), "aiflare-nobwrap-"));
    try {
      expect(await chooseSandbox(undefined, false, empty)).toEqual({ mode: "off", reason: "bwrap not found: sandbox off (install bubblewrap to confine commands)" });
      await expect(chooseSandbox("read-only", false, empty)).rejects.toThrow(/--sandbox read-only needs bubblewrap/);
      expect(await chooseSandbox("off", false, empty)).toMatchObject({ mode: "off" });
      // The worker bin says it at start, and refuses to start with a sandbox it cannot give.
      const worker = spawnWorker(["--hub", "http://127.0.0.1:9", "--token", "t", "--root", empty, "--state", join(empty, "w.json")], { PATH: empty });
      await worker.waitFor(/sandbox: off \(bwrap not found: sandbox off/);
      await worker.kill();
      const strict = spawnWorker(["--hub", "http://127.0.0.1:9", "--token", "t", "--root", empty, "--state", join(empty, "w.json"), "--sandbox", "workspace-write"], { PATH: empty });
      expect(await strict.exited).toBe(2);
      expect(strict.output()).toMatch(/--sandbox workspace-write needs bubblewrap/);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
