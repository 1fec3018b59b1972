import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OpenAIResponsesClient } from "@aiflare/core";
import { FakeResponsesServer, encryptedReasoning, responseEvents, streamErrorEvent, type FakeItem, type FakeReply } from "@aiflare/core/testing";
import type { SessionEvent, SessionSummary } from "@aiflare/protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ModelSetup } from "../src/agent/model-setup.js";
import { LOCAL_WORKER_ID } from "../src/tools/tool-runner.js";
import { startTestHub, waitFor, type TestHub } from "./helpers.js";

const reply = (...items: FakeItem[]): FakeReply => ({ kind: "stream", events: responseEvents(items) });
const PATCH = "*** Begin Patch\n*** Add File: notes.txt\n+erste Zeile\n+zweite Zeile\n*** End Patch";

describe("agent turns in the hub against a fake that behaves like the real API (local worker, real commands)", () => {
  let fake: FakeResponsesServer;
  let t: TestHub | undefined;
  let root: string;
  beforeEach(async () => {
    fake = await FakeResponsesServer.start();
    root = await mkdtemp(join(tmpdir(), "aiflare-real-api-"));
  });
  afterEach(async () => {
    await t?.close();
    t = undefined;
    await fake.close();
    await rm(root, { recursive: true, force: true });
  });

  const setup = (mode: ModelSetup["conversationMode"] = "stateless", model = "fake-model"): ModelSetup => ({
    client: new OpenAIResponsesClient({ apiKey: "sk-test", baseURL: fake.baseURL }),
    defaultModel: model,
    conversationMode: mode,
    demo: false,
    reasoningEffort: "medium",
  });

  async function session(options: { mode?: ModelSetup["conversationMode"]; model?: string; body?: object } = {}): Promise<SessionSummary> {
    t = await startTestHub({ model: setup(options.mode, options.model), localWorker: { roots: [root] } });
    const created = await t.api("POST", "/api/sessions", { workerId: LOCAL_WORKER_ID, workdir: root, ...options.body });
    expect(created.status).toBe(201);
    return created.body.session as SessionSummary;
  }

  async function turn(id: string, text: string, count: number): Promise<SessionEvent[]> {
    expect((await t!.api("POST", `/api/sessions/${id}/messages`, { text })).status).toBe(202);
    return waitFor(async () => {
      const events = (await t!.api("GET", `/api/sessions/${id}/history`)).body.events as SessionEvent[];
      return events.filter((e) => e.type === "turn_completed").length >= count ? events : undefined;
    }, 15_000, `${count} completed turns`);
  }

  it("a 200,000-line output streams in full to the timeline and reaches the model within the budget, first and last lines kept", async () => {
    const s = await session();
    fake.enqueue(reply({ type: "function_call", name: "shell", arguments: { command: ["seq", "1", "200000"] }, callId: "c_seq" }), reply({ type: "message", text: "gezählt" }));
    const events = await turn(s.id, "zähl bis 200000", 1);
    const live = events.flatMap((e) => (e.type === "tool_output" && e.callId === "c_seq" ? [e.chunk] : [])).join("");
    expect(live.length).toBe(1_288_895);
    const sent = (fake.requests[1]?.body.input as { type: string; output?: string }[]).find((i) => i.type === "function_call_output")?.output ?? "";
    expect(Buffer.byteLength(sent)).toBeLessThanOrEqual(10_000);
    const output = (JSON.parse(sent) as { output: string }).output;
    expect(output.startsWith("1\n2\n")).toBe(true);
    expect(output.endsWith("\n200000\n")).toBe(true);
    expect(output).toContain("omitted");
  });

  it("shell [\"apply_patch\", PATCH] changes the file, recorded and approved as a patch", async () => {
    const s = await session({ body: { approvalPolicy: "auto-edit" } });
    fake.enqueue(reply({ type: "function_call", name: "shell", arguments: { command: ["apply_patch", PATCH] }, callId: "c_patch" }), reply({ type: "message", text: "Datei angelegt." }));
    const events = await turn(s.id, "leg notes.txt an", 1);
    expect(await readFile(join(root, "notes.txt"), "utf8")).toBe("erste Zeile\nzweite Zeile\n");
    // auto-edit runs patches without asking: it was treated as a patch, not as a shell command.
    expect(events.some((e) => e.type === "approval_requested")).toBe(false);
    expect(events.find((e) => e.type === "tool_call")).toMatchObject({ callId: "c_patch", tool: "apply_patch", args: { input: PATCH } });
    expect(events.find((e) => e.type === "tool_result")).toMatchObject({ callId: "c_patch", ok: true });
    expect(fake.requests[0]?.body.instructions).toContain("Approval policy: auto-edit");
  });

  it("gpt-5.1-codex gets apply_patch as a grammar tool; its patch streams into the timeline and is applied", async () => {
    const s = await session({ model: "gpt-5.1-codex" });
    fake.enqueue(reply({ type: "custom_tool_call", name: "apply_patch", input: PATCH, callId: "c_free" }), reply({ type: "message", text: "fertig" }));
    const events = await turn(s.id, "leg notes.txt an", 1);
    const tool = (fake.requests[0]?.body.tools as { name: string; type: string; format?: { syntax: string } }[]).find((x) => x.name === "apply_patch");
    expect(tool).toMatchObject({ type: "custom", format: { type: "grammar", syntax: "lark" } });
    expect(await readFile(join(root, "notes.txt"), "utf8")).toBe("erste Zeile\nzweite Zeile\n");
    const streamed = events.flatMap((e) => (e.type === "tool_output" && e.callId === "c_free" ? [e.chunk] : [])).join("");
    expect(streamed).toBe(PATCH);
    const callSeq = events.find((e) => e.type === "tool_call" && e.callId === "c_free")?.seq ?? 0;
    expect(events.find((e) => e.type === "tool_output" && e.callId === "c_free")!.seq).toBeLessThan(callSeq);
    expect(fake.requests[1]?.body.input).toContainEqual({ type: "custom_tool_call_output", call_id: "c_free", output: expect.stringContaining("notes.txt") });
  });

  for (const mode of ["stateless", "previous_response_id"] as const) {
    it(`a reasoning model's summary reaches the timeline (${mode}); stateless requests carry the encrypted reasoning back`, async () => {
      const s = await session({ mode, model: "gpt-5", body: { reasoningEffort: "high" } });
      expect(s.reasoningEffort).toBe("high");
      fake.enqueue(
        reply({ type: "reasoning", summary: "Erst nachsehen." }, { type: "function_call", name: "shell", arguments: { command: ["ls"] }, callId: "c_ls" }),
        reply({ type: "reasoning", summary: "Jetzt antworten." }, { type: "message", text: "Leer.", phase: "final_answer" }),
      );
      const events = await turn(s.id, "was liegt hier?", 1);
      expect(events.filter((e) => e.type === "reasoning").map((e) => e.type === "reasoning" && e.text)).toEqual(["Erst nachsehen.", "Jetzt antworten."]);
      expect(events.find((e) => e.type === "message" && e.role === "assistant")).toMatchObject({ text: "Leer.", phase: "final_answer" });
      expect(fake.requests[0]?.body).toMatchObject({ reasoning: { effort: "high", summary: "auto" }, prompt_cache_key: s.id, store: mode === "previous_response_id" });
      if (mode === "stateless") {
        const items = fake.requests[1]?.body.input as { type: string; id?: string; encrypted_content?: string }[];
        const reasoning = items.find((i) => i.type === "reasoning");
        expect(reasoning?.encrypted_content).toBe(encryptedReasoning(reasoning?.id ?? ""));
      }
      expect(fake.refused).toEqual([]);
    });
  }

  it("a mid-stream quota error ends the turn after one request, with a notice naming the quota; usage counted", async () => {
    const s = await session();
    const partial = responseEvents([{ type: "message", text: "Ich beginne" }]).slice(0, 5);
    fake.enqueue({ kind: "stream", events: [...partial, streamErrorEvent("insufficient_quota", "You exceeded your current quota, please check your plan and billing details.")] });
    const events = await turn(s.id, "los", 1);
    expect(fake.requests).toHaveLength(1);
    const notices = events.flatMap((e) => (e.type === "notice" ? [`${e.level}: ${e.text}`] : []));
    expect(notices).toEqual(["error: turn failed: the model API quota is used up (insufficient_quota): You exceeded your current quota, please check your plan and billing details."]);
    expect(events.at(-1)).toMatchObject({ type: "turn_completed", status: "failed" });
  });

  it("an expired previous_response_id recovers: the request is rebuilt from the hub's history", async () => {
    const s = await session({ mode: "previous_response_id" });
    fake.enqueue(reply({ type: "message", text: "Gemerkt: 42." }));
    await turn(s.id, "Merk dir 42.", 1);
    fake.forget();
    fake.enqueue(reply({ type: "message", text: "42." }));
    const events = await turn(s.id, "Welche Zahl?", 2);
    expect(events.at(-1)).toMatchObject({ type: "turn_completed", status: "completed" });
    expect(fake.refused[0]).toMatchObject({ status: 400, message: expect.stringMatching(/^Previous response with id 'resp_\w+' not found\.$/) });
    expect(fake.requests.at(-1)?.body).toMatchObject({ store: false, input: [{ content: "Merk dir 42." }, { role: "assistant" }, { content: "Welche Zahl?" }] });
  });

  it("usage of a turn canceled after a tool round still counts", async () => {
    const s = await session();
    fake.enqueue(
      { kind: "stream", events: responseEvents([{ type: "function_call", name: "shell", arguments: { command: ["sleep", "30"] }, callId: "c_sleep" }], { usage: { input_tokens: 100, output_tokens: 20, total_tokens: 120 } }) },
    );
    expect((await t!.api("POST", `/api/sessions/${s.id}/messages`, { text: "schlaf" })).status).toBe(202);
    await waitFor(() => t!.hub.store.eventsAfter(s.id).events.some((e) => e.type === "tool_call"), 10_000, "the call to start");
    await t!.api("POST", `/api/sessions/${s.id}/cancel`);
    const events = await waitFor(async () => {
      const all = (await t!.api("GET", `/api/sessions/${s.id}/history`)).body.events as SessionEvent[];
      return all.some((e) => e.type === "turn_completed") ? all : undefined;
    }, 10_000, "the canceled turn");
    expect(events.at(-1)).toMatchObject({ type: "turn_completed", status: "canceled", usage: { totalTokens: 120 } });
    expect(t!.hub.store.get(s.id)?.usage?.totalTokens).toBe(120);
  });
});
