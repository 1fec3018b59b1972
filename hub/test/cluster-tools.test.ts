import { OpenAIResponsesClient } from "@aiflare/core";
import { FakeResponsesServer, responseEvents, type FakeReply } from "@aiflare/core/testing";
import type { AgentToolCall, SessionEvent, SessionSummary } from "@aiflare/protocol";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ModelSetup } from "../src/agent/model-setup.js";
import { clusterSkipReason, scratchDatabase, TEST_REDIS_URL, uniqueName } from "./cluster-services.js";
import { startTestHub, waitFor, type TestHub } from "./helpers.js";

const skip = await clusterSkipReason();
const text = (reply: string): FakeReply => ({ kind: "stream", events: responseEvents([{ type: "message", text: reply }]) });
const call = (callId: string): FakeReply => ({
  kind: "stream",
  events: responseEvents([{ type: "function_call", name: "shell", arguments: { command: ["bash", "-c", "echo hi"] }, callId }]),
});

describe.skipIf(skip !== undefined)("tool calls across cluster nodes", () => {
  const scratch = scratchDatabase();
  const redisUrl = `${TEST_REDIS_URL}?prefix=${uniqueName("aiflare_t")}`;
  let fake: FakeResponsesServer;
  const hubs: TestHub[] = [];

  beforeEach(async () => {
    fake = await FakeResponsesServer.start();
  });
  afterEach(async () => {
    for (const hub of hubs.splice(0)) await hub.close();
    await fake.close();
  });
  afterAll(() => scratch.drop());

  const model = (): ModelSetup => ({
    client: new OpenAIResponsesClient({ apiKey: "sk-test", baseURL: fake.baseURL }),
    defaultModel: "fake-model",
    conversationMode: "previous_response_id",
    demo: false,
  });

  async function node(nodeId: string, workerGraceMs = 5_000): Promise<TestHub> {
    const hub = await startTestHub({ nodeId, model: model(), workerGraceMs, cluster: { redisUrl, databaseUrl: scratch.url, leaseMs: 2_000 }, coalesceMs: 2 });
    hubs.push(hub);
    return hub;
  }

  async function turnsDone(hub: TestHub, id: string, count: number): Promise<SessionEvent[]> {
    return waitFor(async () => {
      const events = (await hub.api("GET", `/api/sessions/${id}/history`)).body.events as SessionEvent[];
      return events.filter((e) => e.type === "turn_completed").length >= count ? events : undefined;
    }, 15_000, `${count} completed turns`);
  }

  it("the owner's agent_tool_call reaches a worker on another node; its output and ack come back", async () => {
    const owner = await node("node-owner");
    const other = await node("node-worker");
    const { socket, workerId } = await other.worker();
    const calls: AgentToolCall[] = [];
    socket.on("agent_tool_call", (payload, ack) => {
      calls.push(payload);
      socket.emit("tool:output", { callId: payload.callId, sessionId: payload.sessionId, stream: "stdout", chunk: "streamed from node-worker\n" });
      setTimeout(() => ack({ callId: payload.callId, ok: true, output: "hi\n", exitCode: 0, durationMs: 3 }), 50);
    });
    const session = (await other.api("POST", "/api/sessions", { workerId, workdir: "/tmp" })).body.session as SessionSummary;
    await waitFor(async () => (await owner.api("GET", `/api/sessions/${session.id}`)).status === 200, 5000, "the owner to know the session");
    fake.enqueue(call("c_far"), text("done"));
    // Sent to node-owner: it takes the lease and runs the turn; the worker sits on node-worker.
    expect((await owner.api("POST", `/api/sessions/${session.id}/messages`, { text: "run it" })).status).toBe(202);
    const events = await turnsDone(owner, session.id, 1);
    expect(calls.map((c) => c.callId)).toEqual(["c_far"]);
    const types = events.map((e) => e.type);
    expect(types).toContain("tool_output");
    const result = events.find((e) => e.type === "tool_result");
    expect(result).toMatchObject({ callId: "c_far", ok: true, output: "hi\n" });
    expect(events.find((e) => e.type === "turn_completed")).toMatchObject({ status: "completed" });
    expect(events.find((e) => e.type === "tool_output")).toMatchObject({ chunk: "streamed from node-worker\n" });
  });

  it("a worker that vanishes on another node fails the call within the grace time; the turn answers the call", async () => {
    const owner = await node("node-owner", 500);
    const other = await node("node-worker", 500);
    const { socket, workerId } = await other.worker();
    socket.on("agent_tool_call", () => {
      socket.disconnect(); // gone mid-call, never answers
    });
    const session = (await other.api("POST", "/api/sessions", { workerId, workdir: "/tmp" })).body.session as SessionSummary;
    await waitFor(async () => (await owner.api("GET", `/api/sessions/${session.id}`)).status === 200, 5000, "the owner to know the session");
    fake.enqueue(call("c_gone"), text("unused"));
    expect((await owner.api("POST", `/api/sessions/${session.id}/messages`, { text: "run it" })).status).toBe(202);
    const events = await turnsDone(owner, session.id, 1);
    expect(events.find((e) => e.type === "turn_completed")).toMatchObject({ status: "failed" });
    expect(events.find((e) => e.type === "tool_result")).toMatchObject({ callId: "c_gone", ok: false });
  });
});
