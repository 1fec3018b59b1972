import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FakeResponsesServer, responseEvents, type FakeReply } from "@aiflare/core/testing";
import { PROTOCOL_VERSION, type SessionEvent, type WorkerSummary } from "@aiflare/protocol";
import { connect } from "socket.io-client";
import { afterAll, describe, expect, it } from "vitest";
import { clusterSkipReason, scratchDatabase, TEST_REDIS_URL, uniqueName } from "./cluster-services.js";
import { BROWSER_TOKEN, WORKER_TOKEN, waitFor, type WorkerClient } from "./helpers.js";
import { processApi, spawnHub, type HubProcess } from "./hub-process.js";

const skip = await clusterSkipReason();
const LEASE_MS = 2_000;

/**
 * The model: "first prompt" gets a plain answer; "second prompt" a shell call (the worker never
 * answers it, so the owner is killed mid-tool-call); "third prompt" a closing answer.
 */
function script({ body }: { body: Record<string, unknown> }): FakeReply {
  const input = JSON.stringify(body.input ?? "");
  if (input.includes("third prompt")) return { kind: "stream", events: responseEvents([{ type: "message", text: "all done" }], { id: "resp_third" }) };
  if (input.includes("second prompt")) {
    return { kind: "stream", events: responseEvents([{ type: "function_call", name: "shell", arguments: { command: ["bash", "-c", "sleep 600"] }, callId: "call_hold" }], { id: "resp_second" }) };
  }
  return { kind: "stream", events: responseEvents([{ type: "message", text: "kiwi answer" }], { id: "resp_first" }) };
}

/** Real hub processes: after a kill -9 of the owner mid-tool-call, the next owner continues the model conversation from PostgreSQL. */
describe.skipIf(skip !== undefined)("cluster state across real hub processes", () => {
  const scratch = scratchDatabase();
  const redisUrl = `${TEST_REDIS_URL}?prefix=${uniqueName("aiflare_t")}`;
  const hubs: HubProcess[] = [];
  const sockets: WorkerClient[] = [];
  const dirs: string[] = [];
  let fake: FakeResponsesServer | undefined;

  async function spawnNode(id: string): Promise<HubProcess> {
    const dataDir = await mkdtemp(join(tmpdir(), "aiflare-state-"));
    dirs.push(dataDir);
    const hub = await spawnHub(["--data-dir", dataDir, "--redis", redisUrl, "--database", scratch.url, "--node-id", id, "--lease-ms", String(LEASE_MS)], {
      AIFLARE_TOKEN: BROWSER_TOKEN,
      AIFLARE_WORKER_TOKEN: WORKER_TOKEN,
      OPENAI_API_KEY: "sk-test",
      OPENAI_BASE_URL: fake!.baseURL,
      AIFLARE_MODEL: "fake-model",
      AIFLARE_LOG_LEVEL: "warn",
    });
    hubs.push(hub);
    return hub;
  }

  /** A worker that takes calls and never answers them. */
  async function worker(hub: HubProcess, name: string): Promise<string> {
    const socket: WorkerClient = connect(`${hub.url}/worker`, {
      auth: { token: WORKER_TOKEN, name, roots: ["/tmp"], version: PROTOCOL_VERSION },
      transports: ["websocket"],
      forceNew: true,
      reconnection: false,
    });
    sockets.push(socket);
    return new Promise((resolve, reject) => {
      socket.once("worker:welcome", ({ workerId }) => resolve(workerId));
      socket.once("connect_error", reject);
    });
  }

  const workersOn = async (hub: HubProcess) => (await processApi(hub.url, "GET", "/api/workers")).body.workers as WorkerSummary[];
  const history = async (hub: HubProcess, id: string) => (await processApi(hub.url, "GET", `/api/sessions/${id}/history`)).body.events as SessionEvent[];

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    for (const hub of hubs) {
      hub.child.kill("SIGKILL");
      await hub.exited;
    }
    await fake?.close();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
    await scratch.drop();
  });

  it("after a kill -9 mid-tool-call the new owner sends the model the whole conversation; the dead node's worker goes offline everywhere", async () => {
    fake = await FakeResponsesServer.start(script);
    const owner = await spawnNode("node-1");
    const survivor = await spawnNode("node-2");
    const farWorker = await worker(survivor, "far-worker");
    const doomedWorker = await worker(owner, "doomed-worker");

    // The session is opened on node-1 for the worker connected to node-2.
    await waitFor(async () => (await workersOn(owner)).some((w) => w.id === farWorker && w.status === "online"), 10_000, "node-1 to list node-2's worker");
    const created = await processApi(owner.url, "POST", "/api/sessions", { workerId: farWorker, workdir: "/tmp" });
    expect(created.status).toBe(201);
    const sessionId = created.body.session.id as string;

    expect((await processApi(owner.url, "POST", `/api/sessions/${sessionId}/messages`, { text: "first prompt" })).status).toBe(202);
    await waitFor(async () => (await history(owner, sessionId)).some((e) => e.type === "turn_completed"), 20_000, "the first turn");
    await waitFor(async () => (await processApi(survivor.url, "GET", `/api/sessions/${sessionId}`)).body.session.node === undefined, 10_000, "node-1 to hand the lease back");

    expect((await processApi(owner.url, "POST", `/api/sessions/${sessionId}/messages`, { text: "second prompt" })).status).toBe(202);
    await waitFor(async () => (await history(survivor, sessionId)).some((e) => e.type === "tool_call" && e.callId === "call_hold"), 20_000, "the held tool call");
    expect((await processApi(survivor.url, "GET", `/api/sessions/${sessionId}`)).body.session.node).toBe("node-1");

    owner.child.kill("SIGKILL");
    await owner.exited;
    const closed = await waitFor(async () => {
      const events = await history(survivor, sessionId);
      return events.filter((e) => e.type === "turn_completed").length === 2 ? events : undefined;
    }, 20_000, "node-2 to take the session over");
    expect(closed.at(-1)).toMatchObject({ type: "turn_completed", status: "failed" });
    // The killed node's worker: offline on node-2 once node-1's heartbeat expired; node-2's own stays online.
    await waitFor(async () => (await workersOn(survivor)).find((w) => w.id === doomedWorker)?.status === "offline", 10_000, "node-1's worker offline");
    expect((await workersOn(survivor)).find((w) => w.id === farWorker)?.status).toBe("online");

    const before = fake.requests.length;
    expect((await processApi(survivor.url, "POST", `/api/sessions/${sessionId}/messages`, { text: "third prompt" })).status).toBe(202);
    const events = await waitFor(async () => {
      const all = await history(survivor, sessionId);
      return all.filter((e) => e.type === "turn_completed").length === 3 ? all : undefined;
    }, 20_000, "the third turn on node-2");
    expect(events.at(-1)).toMatchObject({ type: "turn_completed", status: "completed" });
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));

    // The third request carries the conversation node-1 built: both earlier prompts, the first
    // answer, and the interrupted call with an output (no call left unanswered).
    const third = fake.requests.slice(before).find((r) => JSON.stringify(r.body.input).includes("third prompt"));
    expect(third).toBeDefined();
    const input = third!.body.input as Record<string, unknown>[];
    const text = JSON.stringify(input);
    const order = ["first prompt", "kiwi answer", "second prompt", "call_hold", "third prompt"].map((needle) => text.indexOf(needle));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((x, y) => x - y)).toEqual(order);
    expect(input.filter((item) => item.type === "function_call" && item.call_id === "call_hold")).toHaveLength(1);
    expect(input.filter((item) => item.type === "function_call_output" && item.call_id === "call_hold")).toHaveLength(1);
  }, 120_000);
});
