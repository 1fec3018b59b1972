import { access, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OpenAIResponsesClient } from "@aiflare/core";
import { FakeResponsesServer, responseEvents, type FakeItem, type FakeReply } from "@aiflare/core/testing";
import type { SessionEvent, SessionSummary } from "@aiflare/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeMcpFixtureServer } from "../../worker/test/mcp-fixture.js";
import { needsApproval } from "../src/agent/approvals.js";
import { WORKER_TOKEN, startTestHub, waitFor, type TestHub } from "./helpers.js";
import { spawnWorker, type WorkerProcess } from "./worker-process.js";

const reply = (...items: FakeItem[]): FakeReply => ({ kind: "stream", events: responseEvents(items) });
const say = (text: string) => reply({ type: "message", text });
const mcp = (callId: string, tool: string, args: Record<string, unknown> = {}): FakeItem => ({ type: "function_call", name: `mcp__fx__${tool}`, arguments: args, callId });

describe("MCP tools through a real worker process (a real stdio MCP server built with the SDK)", { timeout: 90_000 }, () => {
  let fake: FakeResponsesServer;
  let t: TestHub;
  let dir: string;
  let root: string;
  let worker: WorkerProcess;
  let workerId: string;

  beforeAll(async () => {
    fake = await FakeResponsesServer.start();
    dir = await mkdtemp(join(tmpdir(), "aiflare-mcp-worker-"));
    root = join(dir, "repo");
    await mkdir(root);
    const script = await writeMcpFixtureServer(dir);
    await writeFile(join(dir, "mcp.json"), JSON.stringify({ mcpServers: { fx: { command: process.execPath, args: [script], env: { FIXTURE: "1" } }, remote: { url: "https://example.invalid/mcp" } } }));
    t = await startTestHub({ model: { client: new OpenAIResponsesClient({ apiKey: "sk-test", baseURL: fake.baseURL }), defaultModel: "fake-model", conversationMode: "previous_response_id", demo: false } });
    worker = spawnWorker(["--hub", t.hub.url, "--token", WORKER_TOKEN, "--root", root, "--name", "mcp-box", "--state", join(dir, "w.json"), "--mcp-config", join(dir, "mcp.json")]);
    await worker.waitFor(/connected to/, 40_000);
    workerId = (JSON.parse(await readFile(join(dir, "w.json"), "utf8")) as { workerId: string }).workerId;
  }, 90_000);
  afterAll(async () => {
    await worker?.kill("SIGKILL");
    await t?.close();
    await fake?.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function session(approvalPolicy = "full-auto"): Promise<SessionSummary> {
    const created = await t.api("POST", "/api/sessions", { workerId, workdir: root, approvalPolicy });
    expect(created.status).toBe(201);
    return created.body.session as SessionSummary;
  }
  const events = (id: string): SessionEvent[] => t.hub.store.eventsAfter(id).events;
  const turns = (id: string) => events(id).filter((e) => e.type === "turn_completed").length;
  async function send(id: string, text: string): Promise<void> {
    expect((await t.api("POST", `/api/sessions/${id}/messages`, { text })).status).toBe(202);
  }
  async function turn(id: string, ...replies: FakeReply[]): Promise<Record<string, Extract<SessionEvent, { type: "tool_result" }>>> {
    const before = turns(id);
    fake.enqueue(...replies);
    await send(id, "go");
    await waitFor(() => turns(id) > before, 20_000, "the turn");
    const results: Record<string, Extract<SessionEvent, { type: "tool_result" }>> = {};
    for (const event of events(id)) if (event.type === "tool_result") results[event.callId] = event;
    return results;
  }
  const toolsOf = async (): Promise<string[]> => ((await t.api("GET", "/api/workers")).body.workers[0]?.tools ?? []) as string[];

  it("announces the worker's tools; the model gets one function tool per MCP tool and calls them", async () => {
    expect(worker.output()).toMatch(/mcp server skipped: remote: only stdio servers/);
    expect(worker.output()).toMatch(/\[mcp fx\] fixture server up \(pid \d+\)/);
    await waitFor(async () => (await toolsOf()).includes("mcp__fx__add"), 10_000, "the tools in the worker list");
    expect((await t.api("GET", "/api/workers")).body.workers[0]).toMatchObject({ name: "mcp-box", sandbox: expect.any(String), tools: expect.arrayContaining(["mcp__fx__add", "mcp__fx__fail", "mcp__fx__crash"]) });

    const s = await session();
    const first = fake.requests.length;
    const results = await turn(s.id, reply(mcp("a1", "add", { a: 2, b: 40 }), mcp("f1", "fail", { why: "just because" }), mcp("m1", "mixed")), say("done"));
    const tools = fake.requests[first]?.body.tools as { name: string; description: string; parameters: Record<string, unknown> }[];
    expect(tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(["shell", "apply_patch", "update_plan", "mcp__fx__add", "mcp__fx__pid"]));
    expect(tools.find((tool) => tool.name === "mcp__fx__add")).toMatchObject({
      type: "function",
      description: "Adds two numbers",
      parameters: { type: "object", properties: { a: { type: "number", description: "the first number" }, b: { type: "number" } }, required: ["a", "b"] },
      strict: false,
    });
    // A tool without arguments still gets an object schema.
    expect(tools.find((tool) => tool.name === "mcp__fx__pid")?.parameters).toMatchObject({ type: "object", properties: {} });
    expect(events(s.id).find((e) => e.type === "tool_call" && e.callId === "a1")).toMatchObject({ tool: "mcp__fx__add", args: { a: 2, b: 40 } });
    expect(results.a1).toMatchObject({ ok: true, output: "sum: 42" });
    expect(results.f1).toMatchObject({ ok: false, error: "the MCP tool reported an error", output: expect.stringContaining("refused: just because") });
    expect(results.m1).toMatchObject({ ok: true, output: expect.stringContaining("[image: image/png, 10 bytes]") });
    const input = JSON.stringify(fake.requests[first + 1]?.body.input);
    expect(input).toContain("sum: 42");
    expect(input).toContain("refused: just because");
    expect(worker.output()).toMatch(/running mcp__fx__add in session/);
  });

  it("a server that crashes mid-call: the call fails clearly, the server comes back, the next call works", async () => {
    const s = await session();
    const results = await turn(s.id, reply(mcp("p1", "pid")), reply(mcp("c1", "crash")), reply(mcp("p2", "pid")), say("back"));
    expect(results.p1).toMatchObject({ ok: true, output: expect.stringMatching(/^\d+$/) });
    expect(results.c1).toMatchObject({ ok: false, error: "the MCP server fx exited during the call (it is being restarted)" });
    expect(results.p2).toMatchObject({ ok: true, output: expect.stringMatching(/^\d+$/) });
    expect(results.p2?.output).not.toBe(results.p1?.output);
    expect(worker.output()).toMatch(/\[mcp fx\] exited; restarting in \d+\.\ds/);
    expect(events(s.id).at(-1)).toMatchObject({ type: "turn_completed", status: "completed" });
  });

  it("tools/list_changed reaches the hub and the model's next request", async () => {
    const s = await session();
    await turn(s.id, reply(mcp("g1", "grow")), say("grown"));
    await waitFor(async () => (await toolsOf()).includes("mcp__fx__extra"), 10_000, "the new tool in the worker list");
    const first = fake.requests.length;
    const results = await turn(s.id, reply(mcp("e1", "extra")), say("ok"));
    expect((fake.requests[first]?.body.tools as { name: string }[]).map((tool) => tool.name)).toContain("mcp__fx__extra");
    expect(results.e1).toMatchObject({ ok: true, output: "extra!" });
  });

  it("suggest asks before an MCP call runs; approve runs it, deny never does", async () => {
    const s = await session("suggest");
    const target = join(dir, "touched.txt");
    const never = join(dir, "never.txt");
    fake.enqueue(reply(mcp("t1", "touch", { path: target })), reply(mcp("t2", "touch", { path: never })), say("ok"));
    await send(s.id, "touch");
    await waitFor(() => t.hub.store.get(s.id)?.status === "awaiting_approval", 15_000, "the approval request");
    expect(events(s.id).find((e) => e.type === "approval_requested")).toMatchObject({ callId: "t1", tool: "mcp__fx__touch", args: { path: target } });
    expect(await access(target).then(() => true, () => false)).toBe(false);
    expect(await t.api("POST", `/api/sessions/${s.id}/approvals/t1`, { decision: "approve" })).toEqual({ status: 200, body: { resolved: true } });
    await waitFor(() => events(s.id).some((e) => e.type === "approval_requested" && e.callId === "t2"), 15_000, "the second approval request");
    expect(await readFile(target, "utf8")).toBe("touched\n");
    expect(await t.api("POST", `/api/sessions/${s.id}/approvals/t2`, { decision: "deny" })).toEqual({ status: 200, body: { resolved: true } });
    await waitFor(() => turns(s.id) === 1, 15_000, "the turn");
    const results = Object.fromEntries(events(s.id).flatMap((e) => (e.type === "tool_result" ? [[e.callId, e]] : [])));
    expect(results.t1).toMatchObject({ ok: true, output: `touched ${target}` });
    expect(results.t2).toMatchObject({ ok: false, error: "denied by the user" });
    expect(await access(never).then(() => true, () => false)).toBe(false);
  });

  it("approval policies treat MCP tools like shell commands", () => {
    expect(needsApproval("full-auto", "mcp__fx__add")).toBe(false);
    expect(needsApproval("auto-edit", "mcp__fx__add")).toBe(true);
    expect(needsApproval("suggest", "mcp__fx__add")).toBe(true);
  });
});
