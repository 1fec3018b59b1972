import { OpenAIResponsesClient } from "@aiflare/core";
import { FakeResponsesServer, apiErrorBody, responseEvents, type FakeReply } from "@aiflare/core/testing";
import type { AgentToolCall, SessionEvent, SessionSummary, ToolResult } from "@aiflare/protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ModelSetup } from "../src/agent/model-setup.js";
import { startTestHub, waitFor, type TestHub, type WorkerClient } from "./helpers.js";

const text = (reply: string, id?: string): FakeReply => ({ kind: "stream", events: responseEvents([{ type: "message", text: reply }], id ? { id } : {}) });
const call = (name: string, args: unknown, callId: string, id?: string): FakeReply => ({
  kind: "stream",
  events: responseEvents([{ type: "function_call", name, arguments: args, callId }], id ? { id } : {}),
});

describe("agent turns in the hub (real SDK against the fake Responses server)", () => {
  let fake: FakeResponsesServer;
  let t: TestHub;
  beforeEach(async () => {
    fake = await FakeResponsesServer.start();
  });
  afterEach(async () => {
    await t?.close();
    await fake.close();
  });

  const setup = (mode: ModelSetup["conversationMode"] = "previous_response_id"): ModelSetup => ({
    client: new OpenAIResponsesClient({ apiKey: "sk-test", baseURL: fake.baseURL }),
    defaultModel: "fake-model",
    conversationMode: mode,
    demo: false,
  });

  /** A session whose worker answers tool calls with `answer` (streaming some output first). */
  async function session(answer?: (call: AgentToolCall, worker: WorkerClient) => Promise<ToolResult> | ToolResult): Promise<SessionSummary> {
    const { socket, workerId } = await t.worker();
    socket.on("agent_tool_call", (payload, ack) => {
      void Promise.resolve(answer ? answer(payload, socket) : { callId: payload.callId, ok: true, output: "done", exitCode: 0, durationMs: 1 }).then(ack);
    });
    const created = await t.api("POST", "/api/sessions", { workerId, workdir: "/tmp" });
    return created.body.session as SessionSummary;
  }

  async function send(id: string, text: string): Promise<void> {
    expect((await t.api("POST", `/api/sessions/${id}/messages`, { text })).status).toBe(202);
  }

  async function turnsDone(id: string, count: number): Promise<SessionEvent[]> {
    return waitFor(async () => {
      const events = (await t.api("GET", `/api/sessions/${id}/history`)).body.events as SessionEvent[];
      return events.filter((e) => e.type === "turn_completed").length >= count ? events : undefined;
    }, 10_000, `${count} completed turns`);
  }

  it("streams text into the timeline: coalesced deltas, the final message, statuses and usage", async () => {
    t = await startTestHub({ model: setup() });
    const s = await session();
    fake.enqueue({ kind: "stream", events: responseEvents([{ type: "message", text: "Hallo ".repeat(200).trim() }], { chunkSize: 2 }), delayMs: 0 });
    const statuses: string[] = [];
    t.hub.store.subscribe({ onSummary: (summary) => statuses.push(summary.status) });
    await send(s.id, "hi ai antworte mir bitte mit hallo");
    const events = await turnsDone(s.id, 1);
    const deltas = events.filter((e) => e.type === "message_delta");
    expect(deltas.length).toBeGreaterThan(0);
    expect(deltas.length).toBeLessThan(100); // 600 streamed pieces, coalesced
    const transcript = (await t.api("GET", `/api/sessions/${s.id}/transcript`)).body.messages;
    expect(transcript.map((m: { role: string; text: string }) => [m.role, m.text])).toEqual([
      ["user", "hi ai antworte mir bitte mit hallo"],
      ["assistant", "Hallo ".repeat(200).trim()],
    ]);
    expect(events.at(-1)).toMatchObject({ type: "turn_completed", status: "completed", usage: { totalTokens: 15 } });
    expect(statuses).toEqual(["running", "streaming", "waiting"]);
    expect((await t.api("GET", `/api/sessions/${s.id}`)).body.session).toMatchObject({ status: "waiting", usage: { totalTokens: 15 } });
  });

  it("runs a shell call on the worker and update_plan in the hub, then answers", async () => {
    t = await startTestHub({ model: setup() });
    const s = await session(async (payload, worker) => {
      worker.emit("tool:output", { callId: payload.callId, sessionId: payload.sessionId, stream: "stdout", chunk: "file-a\n" });
      worker.emit("tool:output", { callId: "not-running", sessionId: payload.sessionId, stream: "stdout", chunk: "stray\n" });
      await new Promise((resolve) => setTimeout(resolve, 30));
      return { callId: payload.callId, ok: true, output: "file-a\n", exitCode: 0, durationMs: 12 };
    });
    fake.enqueue(
      call("update_plan", { plan: [{ step: "look", status: "in_progress" }] }, "c_plan"),
      call("shell", { command: ["bash", "-lc", "ls"] }, "c_ls"),
      text("Es gibt file-a."),
    );
    await send(s.id, "was liegt hier?");
    const events = await turnsDone(s.id, 1);
    const kinds = events.map((e) => e.type);
    expect(kinds).toEqual(
      expect.arrayContaining(["plan_update", "tool_call", "tool_output", "tool_result", "message"]),
    );
    expect(events.find((e) => e.type === "plan_update")).toMatchObject({ plan: [{ step: "look", status: "in_progress" }] });
    expect(events.filter((e) => e.type === "tool_output")).toEqual([expect.objectContaining({ callId: "c_ls", chunk: "file-a\n" })]);
    expect(events.find((e) => e.type === "tool_result" && e.callId === "c_ls")).toMatchObject({ ok: true, exitCode: 0, output: "file-a\n" });
    const third = fake.requests[2]?.body;
    expect(third?.input).toEqual([{ type: "function_call_output", call_id: "c_ls", output: expect.stringContaining("file-a") }]);
  });

  it("cancels mid-stream through REST and mid-tool through the socket; the next turn works", async () => {
    t = await startTestHub({ model: setup() });
    let release: (() => void) | undefined;
    const s = await session(
      (payload, worker) =>
        new Promise<ToolResult>((resolve) => {
          worker.once("tool:cancel", ({ callId }) => {
            if (callId === payload.callId) resolve({ callId, ok: false, output: "", durationMs: 5, error: "canceled" });
          });
          release = () => resolve({ callId: payload.callId, ok: true, output: "late", durationMs: 9 });
        }),
    );
    fake.enqueue({ kind: "stream", events: responseEvents([{ type: "message", text: "never ending story" }]), hangAfter: 5 });
    await send(s.id, "erzähl");
    await waitFor(() => t.hub.store.eventsAfter(s.id).events.some((e) => e.type === "message_delta"), 5000, "the answer to start streaming");
    expect(await t.api("POST", `/api/sessions/${s.id}/cancel`)).toEqual({ status: 200, body: { canceled: true } });
    await turnsDone(s.id, 1);

    fake.enqueue(call("shell", { command: ["sleep", "100"] }, "c_sleep", "resp_tool"), text("ok", "resp_ok"));
    await send(s.id, "schlaf");
    await waitFor(() => release, 5000, "tool call on the worker");
    const browser = await t.browser();
    expect(await browser.timeout(2000).emitWithAck("session:cancel", { sessionId: s.id })).toEqual({ ok: true, canceled: true });
    const events = await turnsDone(s.id, 2);
    expect(events.filter((e) => e.type === "turn_completed").map((e) => e.type === "turn_completed" && e.status)).toEqual(["canceled", "canceled"]);

    await send(s.id, "und jetzt?");
    const after = await turnsDone(s.id, 3);
    expect(after.at(-1)).toMatchObject({ type: "turn_completed", status: "completed" });
    // The canceled call was answered before the next request, together with the new prompt.
    expect(fake.requests.at(-1)?.body).toMatchObject({
      previous_response_id: "resp_tool",
      input: [
        { type: "function_call_output", call_id: "c_sleep", output: "aborted" },
        { type: "message", role: "user", content: "und jetzt?" },
      ],
    });
  });

  it("recovers from a 429 and a 500 with notices, and ends on a 400 with the API's message", async () => {
    t = await startTestHub({ model: setup() });
    const s = await session();
    fake.enqueue(
      { kind: "error", status: 429, body: apiErrorBody("Rate limit reached. Please try again in 20ms.", "requests", "rate_limit_exceeded") },
      { kind: "error", status: 500, body: apiErrorBody("boom", "server_error") },
      { kind: "stream", events: responseEvents([{ type: "message", text: "trotzdem d" }]), cutAfter: 6 },
      text("trotzdem da"),
      { kind: "error", status: 400, body: apiErrorBody("Invalid input: bad things", "invalid_request_error") },
    );
    await send(s.id, "eins");
    await send(s.id, "zwei");
    const events = await turnsDone(s.id, 2);
    const notices = events.filter((e) => e.type === "notice").map((e) => e.type === "notice" && `${e.level}: ${e.text}`);
    expect(notices[0]).toMatch(/^warning: rate limited by the model API \(429\); retrying in/);
    expect(notices[1]).toMatch(/^warning: the model API had a server error \(500\); retrying in/);
    expect(notices[2]).toMatch(/^warning: the response stream broke off; retrying in/);
    // The refused prompt is left out of the model's context, so the next prompt does not fail the same way.
    expect(notices[3]).toBe("warning: the refused request's new messages were left out of the model's context, so the session can go on");
    expect(notices[4]).toBe("error: turn failed: the model API refused the request: Invalid input: bad things");
    const transcript = (await t.api("GET", `/api/sessions/${s.id}/transcript`)).body.messages.map((m: { text: string }) => m.text);
    expect(transcript).toEqual(["eins", "trotzdem da", "zwei"]);
    const completed = events.filter((e) => e.type === "turn_completed");
    expect(completed.map((e) => e.type === "turn_completed" && e.status)).toEqual(["completed", "failed"]);
    expect(t.hub.store.get(s.id)?.status).toBe("error");
    expect(fake.requests).toHaveLength(5);
  });

  for (const mode of ["previous_response_id", "stateless"] as const) {
    it(`keeps the conversation across a hub restart (${mode})`, async () => {
      t = await startTestHub({ model: setup(mode) });
      const s = await session();
      fake.enqueue(text("Ich merke mir 42.", "resp_first"));
      await send(s.id, "Merk dir 42.");
      await turnsDone(s.id, 1);
      const dataDir = t.dataDir;
      await t.hub.close();

      t = await startTestHub({ model: setup(mode), dataDir });
      await t.worker({ workerId: s.workerId });
      fake.enqueue(text("42."));
      await send(s.id, "Welche Zahl?");
      await turnsDone(s.id, 2);
      const body = fake.requests[1]?.body;
      if (mode === "previous_response_id") {
        expect(body).toMatchObject({ previous_response_id: "resp_first", input: [{ type: "message", role: "user", content: "Welche Zahl?" }] });
      } else {
        expect(body?.store).toBe(false);
        expect(body?.input).toEqual([
          { type: "message", role: "user", content: "Merk dir 42." },
          { type: "message", role: "assistant", content: [{ type: "output_text", text: "Ich merke mir 42." }] },
          { type: "message", role: "user", content: "Welche Zahl?" },
        ]);
      }
      const transcript = (await t.api("GET", `/api/sessions/${s.id}/transcript`)).body.messages.map((m: { text: string }) => m.text);
      expect(transcript).toEqual(["Merk dir 42.", "Ich merke mir 42.", "Welche Zahl?", "42."]);
    });
  }

  it("uses the labelled offline demo model when no API key is set", async () => {
    t = await startTestHub({ env: { AIFLARE_TOKEN: "browser-token-for-tests-0123456789", AIFLARE_WORKER_TOKEN: "worker-token-for-tests-0123456789" } });
    expect(t.hub.model.demo).toBe(true);
    const s = await session((payload) => ({ callId: payload.callId, ok: true, output: `argv=${JSON.stringify(payload.args.command)}\n`, exitCode: 0, durationMs: 2 }));
    expect(s.model).toBe("offline-demo");
    await send(s.id, "hallo");
    await send(s.id, "run `echo hi`");
    await turnsDone(s.id, 2);
    const transcript = (await t.api("GET", `/api/sessions/${s.id}/transcript`)).body.messages.map((m: { text: string }) => m.text);
    expect(transcript[1]).toMatch(/offline demo model/);
    expect(transcript.at(-1)).toContain('argv=["bash","-lc","echo hi"]');
  });
});
