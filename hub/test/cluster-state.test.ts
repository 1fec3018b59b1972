import { existsSync } from "node:fs";
import { OpenAIResponsesClient } from "@aiflare/core";
import { FakeResponsesServer, responseEvents } from "@aiflare/core/testing";
import { join } from "node:path";
import type { SessionEvent, SessionSummary, WorkerSummary } from "@aiflare/protocol";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { clusterSkipReason, scratchDatabase, TEST_REDIS_URL, uniqueName } from "./cluster-services.js";
import { BROWSER_TOKEN, startTestHub, waitFor, type TestHub } from "./helpers.js";

const skip = await clusterSkipReason();

/** A real 1x1 PNG. */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
const workerIn = (list: WorkerSummary[], id: string) => list.find((w) => w.id === id);

/** Conversations, workers, contexts and push subscriptions shared by hub nodes through PostgreSQL (in-process nodes). */
describe.skipIf(skip !== undefined)("cluster-wide state in PostgreSQL (in-process nodes)", () => {
  const scratch = scratchDatabase();
  const redisUrl = `${TEST_REDIS_URL}?prefix=${uniqueName("aiflare_t")}`;
  const hubs: TestHub[] = [];

  /** A node of the scratch cluster; with `fake`, its model is that fake Responses server. */
  async function node(nodeId: string, fake?: FakeResponsesServer, conversationMode: "stateless" | "previous_response_id" = "stateless"): Promise<TestHub> {
    const model = fake && { client: new OpenAIResponsesClient({ apiKey: "sk-test", baseURL: fake.baseURL }), defaultModel: "fake-model", conversationMode, demo: false };
    const hub = await startTestHub({ nodeId, ...(model ? { model } : {}), cluster: { redisUrl, databaseUrl: scratch.url, leaseMs: 1_000 }, coalesceMs: 2 });
    hubs.push(hub);
    return hub;
  }

  async function listed(hub: TestHub, id: string): Promise<WorkerSummary | undefined> {
    return workerIn((await hub.api("GET", "/api/workers")).body.workers as WorkerSummary[], id);
  }

  /** Once `hub` lists the worker (connected to another node) online, a session on it opened there. */
  async function sessionOnceListed(hub: TestHub, workerId: string, workdir: string): Promise<SessionSummary> {
    await waitFor(async () => (await listed(hub, workerId))?.status === "online", 5000, "the node to list the other node's worker online");
    return (await hub.api("POST", "/api/sessions", { workerId, workdir })).body.session as SessionSummary;
  }

  let fake: FakeResponsesServer | undefined;
  /** A fake Responses server for this test's nodes, closed after them. */
  async function fakeModel(): Promise<FakeResponsesServer> {
    fake = await FakeResponsesServer.start();
    return fake;
  }

  afterEach(async () => {
    for (const hub of hubs.splice(0)) await hub.close();
    await fake?.close();
    fake = undefined;
  });
  afterAll(() => scratch.drop());

  it("lists a worker of another node online, opens a session on it, tells every node's browsers, and marks it offline when it leaves", async () => {
    const a = await node("node-a");
    const b = await node("node-b");
    const updates: WorkerSummary[][] = [];
    const browserA = await a.browser();
    browserA.on("workers:updated", ({ workers }) => updates.push(workers));
    await waitFor(() => browserA.connected, 5000, "browser on node-a");

    const { socket, workerId } = await b.worker({ name: "far-box", roots: ["/tmp"] });
    const seen = await waitFor(async () => ((await listed(a, workerId))?.status === "online" ? listed(a, workerId) : undefined), 5000, "node-a to list node-b's worker online");
    expect(seen).toMatchObject({ id: workerId, name: "far-box", roots: ["/tmp"], status: "online" });
    await waitFor(() => updates.some((list) => workerIn(list, workerId)?.status === "online"), 5000, "workers:updated on node-a with the worker online");

    // POST /api/sessions on a node that does not hold the worker's connection.
    const created = await a.api("POST", "/api/sessions", { workerId, workdir: "/tmp/project" });
    expect(created.status).toBe(201);
    expect((created.body.session as SessionSummary).workerId).toBe(workerId);
    // The worker's roots came along: outside them is still refused.
    expect((await a.api("POST", "/api/sessions", { workerId, workdir: "/etc" })).status).toBe(400);

    socket.disconnect();
    await waitFor(async () => (await listed(a, workerId))?.status === "offline", 5000, "node-a to list the worker offline");
    await waitFor(() => workerIn(updates.at(-1) ?? [], workerId)?.status === "offline", 5000, "workers:updated on node-a with the worker offline");
    expect((await a.api("POST", "/api/sessions", { workerId, workdir: "/tmp" })).status).toBe(409);
  });

  it("a worker that moves to another node stays online; a node that stops takes its workers offline everywhere", async () => {
    const a = await node("node-a");
    const b = await node("node-b");
    const first = await b.worker({ name: "mover" });
    await waitFor(async () => (await listed(a, first.workerId))?.status === "online", 5000, "online on node-a");
    // Reconnects to node-a with its id; node-b's late disconnect must not mark it offline.
    const second = await a.worker({ name: "mover", workerId: first.workerId });
    first.socket.disconnect();
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(await listed(b, first.workerId)).toMatchObject({ status: "online" });
    expect(await listed(a, first.workerId)).toMatchObject({ status: "online" });

    const onB = await b.worker({ name: "stays-with-b" });
    await waitFor(async () => (await listed(a, onB.workerId))?.status === "online", 5000, "node-b's worker online on node-a");
    await b.close();
    hubs.splice(hubs.indexOf(b), 1);
    await waitFor(async () => (await listed(a, onB.workerId))?.status === "offline", 5000, "node-b's worker offline after node-b stopped");
    expect(await listed(a, second.workerId)).toMatchObject({ status: "online" });
  });

  it("shares active-session contexts, prompt images, push subscriptions and one VAPID key; they outlive every node", async () => {
    const a = await node("node-a");
    const b = await node("node-b");
    const session = await a.session();
    await waitFor(async () => (await b.api("GET", `/api/sessions/${session.id}`)).status === 200, 5000, "node-b to know the session");

    expect((await a.api("PUT", "/api/active-session", { context: "editor:1", sessionId: session.id })).status).toBe(200);
    await waitFor(async () => (await b.api("GET", "/api/active-session?context=editor%3A1")).body.sessionId === session.id, 5000, "node-b to see the context");
    expect((await b.api("PUT", "/api/active-session", { context: "editor:2", sessionId: session.id })).status).toBe(200);
    await waitFor(async () => (await a.api("GET", "/api/active-session?context=editor%3A2")).body.sessionId === session.id, 5000, "node-a to see node-b's context");

    const keyA = (await a.api("GET", "/api/push/vapid-public-key")).body.key as string;
    expect(keyA).toMatch(/^[A-Za-z0-9_-]{80,}$/);
    expect((await b.api("GET", "/api/push/vapid-public-key")).body.key).toBe(keyA);
    const sub = { endpoint: "https://push.example/send/abc", keys: { p256dh: "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM", auth: "tBHItJI5svbpez7KI4CCXg" } };
    expect((await a.api("POST", "/api/push/subscriptions", sub)).status).toBe(201);
    expect(await b.hub.push["subscriptions"].current()).toMatchObject([{ endpoint: sub.endpoint, keys: sub.keys }]);

    // A prompt image sent to node-a is served by node-b.
    const sent = await a.api("POST", `/api/sessions/${session.id}/messages`, { text: "look", images: [{ mediaType: "image/png", data: PNG.toString("base64") }] });
    expect(sent.status).toBe(202);
    const imageUrl = await waitFor(async () => {
      const events = (await b.api("GET", `/api/sessions/${session.id}/history`)).body.events as SessionEvent[];
      const prompt = events.find((e) => e.type === "message" && e.role === "user" && e.images !== undefined);
      return prompt?.type === "message" ? prompt.images?.[0]?.url : undefined;
    }, 5000, "node-b to see the prompt with its image");
    const image = async (hub: TestHub) => {
      const served = await fetch(`${hub.hub.url}${imageUrl}`, { headers: { authorization: `Bearer ${BROWSER_TOKEN}` } });
      return { status: served.status, type: served.headers.get("content-type"), bytes: Buffer.from(await served.arrayBuffer()) };
    };
    expect(await image(b)).toEqual({ status: 200, type: "image/png", bytes: PNG });

    // Every node stops; a new one finds it all in PostgreSQL.
    for (const hub of hubs.splice(0)) await hub.close();
    const c = await node("node-c");
    expect((await c.api("GET", "/api/active-session?context=editor%3A1")).body.sessionId).toBe(session.id);
    expect((await c.api("GET", "/api/active-session?context=editor%3A2")).body.sessionId).toBe(session.id);
    expect((await c.api("GET", "/api/push/vapid-public-key")).body.key).toBe(keyA);
    expect(c.hub.push.endpoints()).toEqual([sub.endpoint]);
    expect(await image(c)).toEqual({ status: 200, type: "image/png", bytes: PNG });
    expect(await listed(c, session.workerId)).toMatchObject({ status: "offline" });
    const removed = await fetch(`${c.hub.url}/api/push/subscriptions`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${BROWSER_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ endpoint: sub.endpoint }),
    });
    expect(removed.status).toBeLessThan(300);
    expect(await c.hub.push["subscriptions"].current()).toEqual([]);
    // In cluster mode none of it is in a node's data dir.
    for (const hub of [a, b, c]) {
      for (const file of ["workers.json", "active-sessions.json", "push-subscriptions.json", "vapid.json", "attachments", "conversations"]) expect(existsSync(join(hub.dataDir, file))).toBe(false);
    }
  });

  it("generated tokens are the cluster's: every node admits the same ones, none is in a data dir", async () => {
    const start = async (nodeId: string) => {
      const hub = await startTestHub({ nodeId, env: {}, cluster: { redisUrl, databaseUrl: scratch.url, leaseMs: 1_000 } });
      hubs.push(hub);
      return hub;
    };
    const [a, b] = [await start("node-a"), await start("node-b")];
    expect(a.hub.tokens.fromDataDir).toEqual({ browser: true, worker: true });
    expect(b.hub.tokens).toEqual(a.hub.tokens);
    expect(a.hub.tokens.browserToken).not.toBe(a.hub.tokens.workerToken);
    expect((await b.api("GET", "/api/workers", undefined, { token: a.hub.tokens.browserToken })).status).toBe(200);
    expect((await b.api("GET", "/api/workers", undefined, { token: BROWSER_TOKEN })).status).toBe(401);
    for (const hub of [a, b]) expect(existsSync(join(hub.dataDir, "tokens.json"))).toBe(false);
  });

  it("previous_response_id: a turn on another node continues from the response the first node got; a fork on another node starts from a turn's snapshot", async () => {
    const fake = await fakeModel();
    const start = (nodeId: string) => node(nodeId, fake, "previous_response_id");
    const a = await start("node-a");
    const b = await start("node-b");
    const session = await a.session();
    const completed = (hub: TestHub, count: number) =>
      waitFor(async () => {
        const events = (await hub.api("GET", `/api/sessions/${session.id}/history`)).body.events as SessionEvent[];
        return events.filter((e) => e.type === "turn_completed").length === count ? events : undefined;
      }, 10_000, `${count} turns`);

    fake.enqueue({ kind: "stream", events: responseEvents([{ type: "message", text: "one" }], { id: "resp_on_a" }) });
    expect((await a.api("POST", `/api/sessions/${session.id}/messages`, { text: "on a" })).status).toBe(202);
    await completed(a, 1);
    await waitFor(async () => (await b.api("GET", `/api/sessions/${session.id}`)).body.session?.node === undefined, 5000, "node-a to hand the lease back");

    fake.enqueue({ kind: "stream", events: responseEvents([{ type: "message", text: "two" }], { id: "resp_on_b" }) });
    expect((await b.api("POST", `/api/sessions/${session.id}/messages`, { text: "on b" })).status).toBe(202);
    const events = await completed(b, 2);
    expect(events.at(-1)).toMatchObject({ status: "completed" });
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[1]!.body.previous_response_id).toBe("resp_on_a");
    // And back on node-a, which must not use a stale copy of its own.
    fake.enqueue({ kind: "stream", events: responseEvents([{ type: "message", text: "three" }], { id: "resp_on_a2" }) });
    expect((await a.api("POST", `/api/sessions/${session.id}/messages`, { text: "on a again" })).status).toBe(202);
    await completed(a, 3);
    expect(fake.requests[2]!.body.previous_response_id).toBe("resp_on_b");

    // A fork on node-b from the turn node-a ran: its snapshot is in PostgreSQL too.
    const firstTurn = (await completed(a, 3)).find((e) => e.type === "turn_started");
    const forked = await b.api("POST", `/api/sessions/${session.id}/fork`, { turnId: firstTurn?.type === "turn_started" ? firstTurn.turnId : "" });
    expect(forked.status).toBe(201);
    const fork = forked.body.session as SessionSummary;
    fake.enqueue({ kind: "stream", events: responseEvents([{ type: "message", text: "forked" }], { id: "resp_fork" }) });
    expect((await a.api("POST", `/api/sessions/${fork.id}/messages`, { text: "in the fork" })).status).toBe(202);
    await waitFor(async () => ((await a.api("GET", `/api/sessions/${fork.id}/history`)).body.events as SessionEvent[]).filter((e) => e.type === "turn_completed").length === 2, 10_000, "the fork's own turn");
    expect(fake.requests[3]!.body.previous_response_id).toBe("resp_on_a");
  });

  it("a prompt with an image sent to a node that does not hold the session runs on the holder with the image; only the holder sends pushes and writes the conversation", async () => {
    const fake = await fakeModel();
    const start = (nodeId: string) => node(nodeId, fake);
    const a = await start("node-a");
    const b = await start("node-b");
    // Push messages each node would send (the push service itself is tested in push.test.ts).
    const pushed = new Map<string, string[]>([["node-a", []], ["node-b", []]]);
    for (const hub of [a, b]) hub.hub.push.notify = (payload) => pushed.get(hub.hub.backend.nodeId)!.push(payload.reason);
    const session = await a.session();
    await waitFor(async () => (await b.api("GET", `/api/sessions/${session.id}`)).status === 200, 5000, "node-b to know the session");
    // A slow first turn on node-a; the image prompt goes to node-b meanwhile.
    fake.enqueue(
      { kind: "stream", events: responseEvents([{ type: "message", text: "slow answer" }]), delayMs: 150 },
      { kind: "stream", events: responseEvents([{ type: "message", text: "a pixel" }]) },
    );
    expect((await a.api("POST", `/api/sessions/${session.id}/messages`, { text: "slow" })).status).toBe(202);
    await waitFor(async () => (await b.api("GET", `/api/sessions/${session.id}`)).body.session.node === "node-a", 5000, "node-a to hold the session");
    // While node-a holds the session, node-b cannot overwrite its conversation.
    const stale = { mode: "stateless" as const, history: [], pending: [] };
    const conversations = b.hub.backend.shared!.conversations;
    await expect(conversations.append(session.id, await conversations.length(session.id), { full: stale })).rejects.toThrow(/another node holds the session/);
    const sent = await b.api("POST", `/api/sessions/${session.id}/messages`, { text: "what is this", images: [{ mediaType: "image/png", data: PNG.toString("base64") }] });
    expect(sent.status).toBe(202);
    await waitFor(async () => ((await a.api("GET", `/api/sessions/${session.id}/history`)).body.events as SessionEvent[]).filter((e) => e.type === "turn_completed").length === 2, 15_000, "both turns");
    expect(fake.requests).toHaveLength(2);
    expect(JSON.stringify(fake.requests[1]!.body.input)).toContain(`data:image/png;base64,${PNG.toString("base64")}`);
    // Only the node that ran the turns sends their pushes; node-b saw the same events and sends none.
    await waitFor(() => pushed.get("node-a")!.length === 2, 5000, "node-a's two pushes");
    expect(pushed.get("node-a")).toEqual(["completed", "completed"]);
    expect(pushed.get("node-b")).toEqual([]);
    // Once the session is idle (no lease), any node may write it.
    await waitFor(async () => (await b.api("GET", `/api/sessions/${session.id}`)).body.session.node === undefined, 5000, "the session idle");
    // The summary says idle a moment before the lease row is handed back (flush, last save, release).
    await waitFor(async () => (await scratch.liveLease(session.id)) === undefined, 5000, "the lease handed back");
    expect(await conversations.append(session.id, await conversations.length(session.id), { full: stale })).toBe(true);
    expect((await a.hub.backend.shared!.conversations.read(session.id)).state).toEqual(stale);
  });

  it("workspace requests reach a worker connected to another node; its errors come back as they are, and a gone worker is a clear 409", async () => {
    const a = await node("node-a");
    const b = await node("node-b");
    const { socket, workerId } = await b.worker({ name: "far-box", roots: ["/tmp"] });
    const asked: string[] = [];
    socket.on("workspace:tree", (payload, ack) => {
      asked.push(`tree ${payload.path}`);
      ack({ ok: true, path: payload.path, entries: [{ name: "main.ts", type: "file", size: 12 }] });
    });
    socket.on("workspace:file", (payload, ack) => {
      asked.push(`file ${payload.path}`);
      ack({ ok: true, path: payload.path, content: "export {};\n", truncated: false });
    });
    socket.on("workspace:diff", (_payload, ack) => ack({ ok: false, error: { code: "not_found", message: "no such folder: /tmp/project" } }));
    const session = await sessionOnceListed(a, workerId, "/tmp/project");

    const tree = await a.api("GET", `/api/sessions/${session.id}/workspace/tree?path=src`);
    expect(tree).toEqual({ status: 200, body: { path: "src", entries: [{ name: "main.ts", type: "file", size: 12 }] } });
    const file = await a.api("GET", `/api/sessions/${session.id}/workspace/file?path=src/main.ts`);
    expect(file).toEqual({ status: 200, body: { path: "src/main.ts", content: "export {};\n", truncated: false } });
    expect(asked).toEqual(["tree src", "file src/main.ts"]);
    const diff = await a.api("GET", `/api/sessions/${session.id}/workspace/diff`);
    expect(diff).toMatchObject({ status: 404, body: { error: { code: "not_found", message: "no such folder: /tmp/project" } } });

    socket.disconnect();
    await waitFor(async () => (await listed(a, workerId))?.status === "offline", 5000, "node-a to list the worker offline");
    const gone = await a.api("GET", `/api/sessions/${session.id}/workspace/tree?path=src`);
    expect(gone.status).toBe(409);
    expect(gone.body.error.code).toBe("worker_unavailable");
  });

  it("a terminal opened from a browser on one node runs on a worker connected to another: keystrokes in order, output back, resize, close, and the worker's loss", async () => {
    const a = await node("node-a");
    const b = await node("node-b");
    const { socket, workerId } = await b.worker({ name: "far-box", roots: ["/tmp"] });
    const atWorker: string[] = [];
    socket.on("terminal:open", (request, ack) => {
      atWorker.push(`open ${request.cols}x${request.rows} in ${request.workdir}`);
      ack({ ok: true });
    });
    socket.on("terminal:input", ({ terminalId, data }) => {
      atWorker.push(`input ${data}`);
      socket.emit("terminal:output", { terminalId, data: `echo ${data};` });
    });
    socket.on("terminal:resize", ({ cols, rows }) => atWorker.push(`resize ${cols}x${rows}`));
    socket.on("terminal:close", () => atWorker.push("close"));
    const session = await sessionOnceListed(a, workerId, "/tmp/project");

    const browser = await a.browser();
    let output = "";
    const exits: string[] = [];
    browser.on("terminal:output", ({ data }) => (output += data));
    browser.on("terminal:exit", ({ terminalId, reason }) => exits.push(`${terminalId} ${reason}`));
    const opened = await browser.timeout(5000).emitWithAck("terminal:open", { sessionId: session.id, cols: 80, rows: 24 });
    if (!opened.ok) throw new Error(opened.error.message);
    for (const key of ["l", "s", "\r"]) expect(await browser.timeout(5000).emitWithAck("terminal:input", { terminalId: opened.terminalId, data: key })).toEqual({ ok: true });
    await waitFor(() => output.endsWith("echo \r;"), 5000, "the echoed keystrokes at the browser");
    expect(output).toBe("echo l;echo s;echo \r;");
    await browser.timeout(5000).emitWithAck("terminal:resize", { terminalId: opened.terminalId, cols: 100, rows: 30 });
    await browser.timeout(5000).emitWithAck("terminal:close", { terminalId: opened.terminalId });
    await waitFor(() => atWorker.includes("close"), 5000, "the close at the worker");
    expect(atWorker).toEqual(["open 80x24 in /tmp/project", "input l", "input s", "input \r", "resize 100x30", "close"]);
    expect(exits).toEqual([`${opened.terminalId} closed`]);

    const second = await browser.timeout(5000).emitWithAck("terminal:open", { sessionId: session.id, cols: 80, rows: 24 });
    if (!second.ok) throw new Error(second.error.message);
    socket.disconnect();
    await waitFor(() => exits.length === 2, 5000, "the terminal ended at the browser when its worker left node-b");
    expect(exits[1]).toBe(`${second.terminalId} the worker disconnected`);
  });

  it("a worker's MCP tools reach the model of a session run by another node", async () => {
    const fake = await fakeModel();
    const start = (nodeId: string) => node(nodeId, fake);
    const a = await start("node-a");
    const b = await start("node-b");
    const { socket, workerId } = await b.worker({ name: "mcp-box" });
    const tool = { name: "mcp__docs__search", description: "Searches the docs.", inputSchema: { type: "object", properties: { q: { type: "string" } } } };
    expect(await socket.timeout(5000).emitWithAck("worker:tools", { tools: [tool] })).toEqual({ ok: true });
    await waitFor(async () => (await listed(a, workerId))?.tools?.includes(tool.name), 5000, "node-a to list the worker's tool");

    const session = (await a.api("POST", "/api/sessions", { workerId, workdir: "/tmp" })).body.session as SessionSummary;
    fake.enqueue({ kind: "stream", events: responseEvents([{ type: "message", text: "ok" }]) });
    expect((await a.api("POST", `/api/sessions/${session.id}/messages`, { text: "search" })).status).toBe(202);
    await waitFor(() => fake.requests.length === 1, 10_000, "the model request");
    const tools = fake.requests[0]!.body.tools as { name?: string; description?: string }[];
    expect(tools.find((t) => t.name === tool.name)).toMatchObject({ description: tool.description });
  });

  it("a turn run by another node than its worker's keeps a checkpoint there: its changes are recorded, its diff is shown", async () => {
    const fake = await fakeModel();
    const a = await node("node-a", fake);
    const b = await node("node-b", fake);
    const { socket, workerId } = await b.worker({ name: "git-box", checkpoints: true });
    const asked: string[] = [];
    socket.on("agent_tool_call", (call, ack) => ack({ callId: call.callId, ok: true, output: "done", exitCode: 0, durationMs: 1 }));
    socket.on("checkpoint", (request, ack) => {
      asked.push(request.op);
      if (request.op === "end") ack({ ok: true, changes: [{ path: "a.txt", status: "added" }] });
      else if (request.op === "diff") ack({ ok: true, files: [{ path: "a.txt", status: "added", diff: "+hallo\n" }] });
      else ack({ ok: false, error: { code: "failed", message: "not in this test" } });
    });
    const session = await sessionOnceListed(a, workerId, "/tmp");
    fake.enqueue(
      { kind: "stream", events: responseEvents([{ type: "function_call", name: "shell", arguments: { command: ["touch", "a.txt"] }, callId: "c1" }]) },
      { kind: "stream", events: responseEvents([{ type: "message", text: "Angelegt." }]) },
    );
    expect((await a.api("POST", `/api/sessions/${session.id}/messages`, { text: "leg a.txt an" })).status).toBe(202);
    const completed = await waitFor(async () => ((await a.api("GET", `/api/sessions/${session.id}/history`)).body.events as SessionEvent[]).find((e) => e.type === "turn_completed"), 10_000, "the turn to complete");
    expect(completed).toMatchObject({ status: "completed", changes: [{ path: "a.txt", status: "added" }] });
    const turnId = completed.type === "turn_completed" ? completed.turnId : "";
    const diff = await a.api("GET", `/api/sessions/${session.id}/turns/${turnId}/diff`);
    expect(diff).toEqual({ status: 200, body: { turnId, files: [{ path: "a.txt", status: "added", diff: "+hallo\n" }] } });
    expect(asked).toEqual(["end", "diff"]);
  });

  it("a session run by another node gets its worker's AGENTS.md", async () => {
    const fake = await fakeModel();
    const a = await node("node-a", fake);
    const b = await node("node-b", fake);
    const { socket, workerId } = await b.worker({ name: "docs-box", capabilities: ["instructions"] });
    socket.on("instructions:read", ({ workdir }, ack) => ack({ ok: true, files: [{ path: `${workdir}/AGENTS.md`, bytes: 27 }], text: "Always answer in German.", truncated: false }));
    const session = await sessionOnceListed(a, workerId, "/tmp");
    fake.enqueue({ kind: "stream", events: responseEvents([{ type: "message", text: "Gut." }]) });
    expect((await a.api("POST", `/api/sessions/${session.id}/messages`, { text: "hi" })).status).toBe(202);
    await waitFor(() => fake.requests.length === 1, 10_000, "the model request");
    expect(fake.requests[0]!.body.instructions).toContain("Always answer in German.");
    // The notice is committed (a PostgreSQL write) on its own time, not before the request leaves.
    const notice = await waitFor(async () => ((await a.api("GET", `/api/sessions/${session.id}/history`)).body.events as SessionEvent[]).find((e) => e.type === "notice" && e.text.includes("/tmp/AGENTS.md")), 5000, "the AGENTS.md notice naming the worker's file");
    expect(notice).toMatchObject({ type: "notice", level: "info" });
  });
});
