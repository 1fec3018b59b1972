import type { NoticeLevel, ToolResult } from "@aiflare/protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AgentLoop, type AgentCallbacks } from "../src/agent/agent-loop.js";
import { newConversation, type ConversationMode, type ConversationState } from "../src/agent/conversation.js";
import { ContextLengthExceededError, ToolInfrastructureError } from "../src/errors.js";
import { OpenAIResponsesClient } from "../src/model/openai-client.js";
import { FakeResponsesServer, apiErrorBody, responseEvents } from "../src/testing/index.js";
import type { ToolCallRequest, ToolExecutor } from "../src/tool-executor.js";

/** Everything a turn reported, in order. */
class Recorder implements AgentCallbacks {
  deltas = new Map<string, string>();
  messages = new Map<string, string>();
  reasoning = new Map<string, string>();
  calls: { callId: string; tool: string; args: Record<string, unknown> }[] = [];
  results: ToolResult[] = [];
  notices: { level: NoticeLevel; text: string }[] = [];
  phases: string[] = [];
  states: ConversationState[] = [];
  onTextDelta(id: string, delta: string) { this.deltas.set(id, (this.deltas.get(id) ?? "") + delta); }
  onMessage(id: string, text: string) { this.messages.set(id, text); }
  onReasoningDelta(id: string, delta: string) { this.reasoning.set(id, (this.reasoning.get(id) ?? "") + delta); }
  onReasoning(id: string, text: string) { this.reasoning.set(id, text); }
  onToolCall(call: { callId: string; tool: string; args: Record<string, unknown> }) { this.calls.push(call); }
  onToolResult(result: ToolResult) { this.results.push(result); }
  onNotice(level: NoticeLevel, text: string) { this.notices.push({ level, text }); }
  onPhase(phase: string) { this.phases.push(phase); }
  onState(state: ConversationState) { this.states.push(state); }
}

/** Runs shell calls in memory: echoes the command; "hang" waits for cancel. */
class MemoryExecutor implements ToolExecutor {
  calls: ToolCallRequest[] = [];
  started?: () => void;
  execute(call: ToolCallRequest): Promise<ToolResult> {
    this.calls.push(call);
    const command = (call.args.command as string[] | undefined) ?? [];
    if (command.includes("hang")) {
      this.started?.();
      return new Promise((resolve) =>
        call.signal.addEventListener("abort", () => resolve({ callId: call.callId, ok: false, output: "", durationMs: 1, error: "aborted" })),
      );
    }
    return Promise.resolve({ callId: call.callId, ok: true, output: `ran: ${command.join(" ")}\n`, exitCode: 0, durationMs: 3 });
  }
}

const text = (reply: string, extra: { id?: string } = {}) => ({ kind: "stream" as const, events: responseEvents([{ type: "message", text: reply }], extra) });
const fast = { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 5 };

describe("AgentLoop on the Responses API (real SDK, fake server)", () => {
  let fake: FakeResponsesServer;
  let executor: MemoryExecutor;
  beforeEach(async () => {
    fake = await FakeResponsesServer.start();
    executor = new MemoryExecutor();
  });
  afterEach(async () => fake.close());

  function loop(mode: ConversationMode = "previous_response_id", state?: ConversationState) {
    return new AgentLoop({
      model: new OpenAIResponsesClient({ apiKey: "sk-test", baseURL: fake.baseURL }),
      modelName: "fake-model",
      instructions: "be brief",
      executor,
      state: state ?? newConversation(mode),
      retry: fast,
      random: () => 0,
    });
  }

  it("streams text deltas and the final message, and reports usage (no reasoning for a model that does not reason)", async () => {
    fake.enqueue({ kind: "stream", events: responseEvents([{ type: "reasoning", summary: "thinking it over" }, { type: "message", text: "Hallo, wie geht's?" }], { usage: { input_tokens: 7, output_tokens: 4, total_tokens: 11 } }) });
    const rec = new Recorder();
    const result = await loop().runTurn("t1", "hi ai antworte mir bitte mit hallo", rec, new AbortController().signal);
    expect(result).toEqual({ reply: "Hallo, wie geht's?", usage: { inputTokens: 7, outputTokens: 4, totalTokens: 11, reasoningTokens: 0, cachedTokens: 0 } });
    expect([...rec.deltas.values()]).toEqual(["Hallo, wie geht's?"]);
    expect([...rec.messages]).toEqual([["t1-0-1", "Hallo, wie geht's?"]]);
    // Not asked for (fake-model does not reason), the summary never streams.
    expect([...rec.reasoning.values()]).toEqual([]);
    expect(fake.requests[0]?.body.reasoning).toBeUndefined();
    expect(fake.requests[0]?.body).toMatchObject({
      model: "fake-model",
      instructions: "be brief",
      stream: true,
      store: true,
      input: [{ type: "message", role: "user", content: "hi ai antworte mir bitte mit hallo" }],
    });
    expect((fake.requests[0]?.body.tools as { name: string }[]).map((t) => t.name)).toEqual(["shell", "apply_patch", "update_plan"]);
  });

  it("runs a function call and sends its output back before the final answer", async () => {
    fake.enqueue(
      { kind: "stream", events: responseEvents([{ type: "function_call", name: "shell", arguments: { command: ["bash", "-lc", "ls"] }, callId: "call_1" }], { id: "resp_1" }) },
      text("Da ist eine Datei."),
    );
    const rec = new Recorder();
    const result = await loop().runTurn("t1", "was ist hier?", rec, new AbortController().signal);
    expect(result.reply).toBe("Da ist eine Datei.");
    expect(rec.calls).toEqual([{ callId: "call_1", tool: "shell", args: { command: ["bash", "-lc", "ls"] } }]);
    expect(rec.results).toEqual([{ callId: "call_1", ok: true, output: "ran: bash -lc ls\n", exitCode: 0, durationMs: 3 }]);
    const second = fake.requests[1]?.body;
    expect(second?.previous_response_id).toBe("resp_1");
    expect(second?.input).toEqual([{ type: "function_call_output", call_id: "call_1", output: expect.stringContaining("ran: bash -lc ls") }]);
  });

  it("turns bad JSON arguments into an error output without running anything", async () => {
    fake.enqueue(
      { kind: "stream", events: responseEvents([{ type: "function_call", name: "shell", arguments: "{not json", callId: "call_x" }]) },
      text("sorry"),
    );
    const rec = new Recorder();
    await loop().runTurn("t1", "go", rec, new AbortController().signal);
    expect(executor.calls).toEqual([]);
    expect(rec.results[0]).toMatchObject({ ok: false, error: "the arguments are not a JSON object" });
    expect(fake.requests[1]?.body.input).toEqual([{ type: "function_call_output", call_id: "call_x", output: "the arguments are not a JSON object" }]);
  });

  it("cancels mid-stream; the next turn carries the canceled prompt and works", async () => {
    fake.enqueue({ kind: "stream", events: responseEvents([{ type: "message", text: "a long answer that never ends" }], { id: "resp_hang" }), hangAfter: 5 }, text("ok", { id: "resp_2" }));
    const agent = loop();
    const controller = new AbortController();
    class CancelOnFirstDelta extends Recorder {
      override onTextDelta(id: string, delta: string) {
        super.onTextDelta(id, delta);
        controller.abort(new Error("canceled"));
      }
    }
    const turn = agent.runTurn("t1", "first", new CancelOnFirstDelta(), controller.signal);
    await expect(turn).rejects.toThrow("canceled");
    const next = await agent.runTurn("t2", "second", new Recorder(), new AbortController().signal);
    expect(next.reply).toBe("ok");
    const body = fake.requests[1]?.body;
    expect(body?.previous_response_id).toBeUndefined();
    expect(body?.input).toEqual([
      { type: "message", role: "user", content: "first" },
      { type: "message", role: "user", content: "second" },
    ]);
  });

  it("cancels mid-tool: the call gets an 'aborted' output before the next request", async () => {
    fake.enqueue(
      { kind: "stream", events: responseEvents([{ type: "function_call", name: "shell", arguments: { command: ["hang"] }, callId: "call_h" }], { id: "resp_tool" }) },
      text("fine", { id: "resp_after" }),
    );
    const agent = loop();
    const controller = new AbortController();
    executor.started = () => controller.abort(new Error("canceled"));
    const rec = new Recorder();
    await expect(agent.runTurn("t1", "run it", rec, controller.signal)).rejects.toThrow("canceled");
    expect(rec.results).toEqual([{ callId: "call_h", ok: false, output: "", durationMs: expect.any(Number), error: "aborted" }]);
    await agent.runTurn("t2", "and now?", new Recorder(), new AbortController().signal);
    const body = fake.requests[1]?.body;
    expect(body?.previous_response_id).toBe("resp_tool");
    expect(body?.input).toEqual([
      { type: "function_call_output", call_id: "call_h", output: "aborted" },
      { type: "message", role: "user", content: "and now?" },
    ]);
  });

  it("fails the turn when a tool's infrastructure is gone; every call still gets an output", async () => {
    fake.enqueue(
      { kind: "stream", events: responseEvents([
        { type: "function_call", name: "shell", arguments: { command: ["ls"] }, callId: "c_gone" },
        { type: "function_call", name: "shell", arguments: { command: ["pwd"] }, callId: "c_skipped" },
      ], { id: "resp_calls" }) },
      text("wieder da"),
    );
    const agent = new AgentLoop({
      model: new OpenAIResponsesClient({ apiKey: "sk-test", baseURL: fake.baseURL }),
      modelName: "fake-model",
      instructions: "",
      executor: { execute: () => Promise.reject(new ToolInfrastructureError("worker box is offline")) },
      state: newConversation("previous_response_id"),
      retry: fast,
    });
    const rec = new Recorder();
    await expect(agent.runTurn("t1", "go", rec, new AbortController().signal)).rejects.toThrow(new ToolInfrastructureError("worker box is offline"));
    expect(rec.results.map((r) => [r.callId, r.error])).toEqual([
      ["c_gone", "worker box is offline"],
      ["c_skipped", "not run: the turn failed"],
    ]);
    await agent.runTurn("t2", "und jetzt?", new Recorder(), new AbortController().signal);
    expect(fake.requests[1]?.body).toMatchObject({
      previous_response_id: "resp_calls",
      input: [
        { type: "function_call_output", call_id: "c_gone", output: "worker box is offline" },
        { type: "function_call_output", call_id: "c_skipped", output: "aborted" },
        { type: "message", role: "user", content: "und jetzt?" },
      ],
    });
  });

  it("retries a 429, honouring retry-after-ms, with a notice", async () => {
    fake.enqueue({ kind: "error", status: 429, body: apiErrorBody("Rate limit reached", "rate_limit_exceeded", "rate_limit_exceeded"), headers: { "retry-after-ms": "120" } }, text("after the wait"));
    const rec = new Recorder();
    expect((await loop().runTurn("t1", "x", rec, new AbortController().signal)).reply).toBe("after the wait");
    expect(rec.notices).toEqual([{ level: "warning", text: "rate limited by the model API (429); retrying in 0.1s (retry 1 of 3)" }]);
    expect(fake.requests).toHaveLength(2);
  });

  it("retries a 429 whose only hint is 'try again in Xs' in the message", async () => {
    fake.enqueue({ kind: "error", status: 429, body: apiErrorBody("Rate limit reached for requests. Please try again in 50ms.", "requests", "rate_limit_exceeded") }, text("ok"));
    const rec = new Recorder();
    expect((await loop().runTurn("t1", "x", rec, new AbortController().signal)).reply).toBe("ok");
    expect(rec.notices[0]?.text).toContain("retrying in 0.1s");
  });

  it("does not retry an exhausted quota", async () => {
    fake.enqueue({ kind: "error", status: 429, body: apiErrorBody("You exceeded your current quota", "insufficient_quota", "insufficient_quota") });
    await expect(loop().runTurn("t1", "x", new Recorder(), new AbortController().signal)).rejects.toThrow(/quota is used up \(insufficient_quota\): You exceeded your current quota/);
    expect(fake.requests).toHaveLength(1);
  });

  it("retries a 500 and then succeeds", async () => {
    fake.enqueue({ kind: "error", status: 500, body: apiErrorBody("boom", "server_error") }, text("recovered"));
    const rec = new Recorder();
    expect((await loop().runTurn("t1", "x", rec, new AbortController().signal)).reply).toBe("recovered");
    expect(rec.notices[0]?.text).toMatch(/server error \(500\); retrying in/);
  });

  it("retries a stream cut before response.completed; the final text supersedes the broken one", async () => {
    const broken = responseEvents([{ type: "message", text: "Hallo Welt, dies ist" }]);
    fake.enqueue({ kind: "stream", events: broken, cutAfter: 6 }, text("Hallo Welt, dies ist vollständig."));
    const rec = new Recorder();
    const result = await loop().runTurn("t1", "x", rec, new AbortController().signal);
    expect(result.reply).toBe("Hallo Welt, dies ist vollständig.");
    expect(rec.notices[0]?.text).toMatch(/stream broke off/);
    // Both attempts streamed into the same message id; the final message settles it.
    expect([...rec.messages]).toEqual([["t1-0-0", "Hallo Welt, dies ist vollständig."]]);
    expect([...rec.deltas.keys()]).toEqual(["t1-0-0"]);
  });

  it("ends the turn on a 400 with the API's message, without retrying", async () => {
    fake.enqueue({ kind: "error", status: 400, body: apiErrorBody("Invalid value for 'input': bad things.", "invalid_request_error", "invalid_value") });
    const rec = new Recorder();
    await expect(loop().runTurn("t1", "x", rec, new AbortController().signal)).rejects.toThrow(
      "the model API refused the request: Invalid value for 'input': bad things.",
    );
    expect(fake.requests).toHaveLength(1);
  });

  it("throws a context overflow as ContextLengthExceededError (for compaction), keeping the prompt", async () => {
    fake.enqueue({ kind: "error", status: 400, body: apiErrorBody("This model's maximum context length is 128000 tokens.", "invalid_request_error", "context_length_exceeded") });
    const agent = loop();
    const error = await agent.runTurn("t1", "x", new Recorder(), new AbortController().signal).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContextLengthExceededError);
    expect((error as Error).message).toContain("This model's maximum context length is 128000 tokens.");
    expect(fake.requests).toHaveLength(1);
    expect(agent.snapshot().pending).toEqual([{ type: "message", role: "user", content: "x" }]);
  });

  it("gives up after the retry budget with a clear error", async () => {
    for (let i = 0; i < 4; i++) fake.enqueue({ kind: "error", status: 503, body: apiErrorBody("overloaded", "server_error") });
    const rec = new Recorder();
    await expect(loop().runTurn("t1", "x", rec, new AbortController().signal)).rejects.toThrow(/giving up after 4 attempts: the model API had a server error/);
    expect(rec.notices).toHaveLength(3);
  });

  it("previous_response_id mode sends only new items, chained by id", async () => {
    fake.enqueue(text("eins", { id: "resp_a" }), text("zwei", { id: "resp_b" }));
    const agent = loop("previous_response_id");
    await agent.runTurn("t1", "one", new Recorder(), new AbortController().signal);
    await agent.runTurn("t2", "two", new Recorder(), new AbortController().signal);
    expect(fake.requests[1]?.body).toMatchObject({ previous_response_id: "resp_a", store: true, input: [{ type: "message", role: "user", content: "two" }] });
  });

  it("stateless mode resends the whole conversation with store: false", async () => {
    fake.enqueue(
      { kind: "stream", events: responseEvents([{ type: "function_call", name: "shell", arguments: { command: ["ls"] }, callId: "c1" }]) },
      text("eins"),
      text("zwei"),
    );
    const agent = loop("stateless");
    await agent.runTurn("t1", "one", new Recorder(), new AbortController().signal);
    await agent.runTurn("t2", "two", new Recorder(), new AbortController().signal);
    const body = fake.requests[2]?.body;
    expect(body?.store).toBe(false);
    expect(body?.previous_response_id).toBeUndefined();
    expect(body?.input).toEqual([
      { type: "message", role: "user", content: "one" },
      { type: "function_call", call_id: "c1", name: "shell", arguments: '{"command":["ls"]}' },
      { type: "function_call_output", call_id: "c1", output: expect.any(String) },
      { type: "message", role: "assistant", content: [{ type: "output_text", text: "eins" }] },
      { type: "message", role: "user", content: "two" },
    ]);
  });

  it("each saved state keeps its own lists as they were, sharing the items (no copy of a long history per step)", async () => {
    fake.enqueue(text("eins"), text("zwei"));
    const agent = loop("stateless");
    const rec = new Recorder();
    await agent.runTurn("t1", "one", rec, new AbortController().signal);
    const afterFirst = rec.states.at(-1)!;
    const firstHistory = [...afterFirst.history];
    await agent.runTurn("t2", "two", rec, new AbortController().signal);
    const afterSecond = rec.states.at(-1)!;
    expect(afterFirst.history).toEqual(firstHistory); // the second turn did not reach into the first turn's saved state
    expect(afterFirst.pending).toEqual([]);
    expect(afterSecond.history).toHaveLength(4);
    expect(afterSecond.history[0]).toBe(afterFirst.history[0]); // the same item, not a copy
    expect(afterSecond.history).not.toBe(afterFirst.history);
  });

  for (const mode of ["previous_response_id", "stateless"] as const) {
    it(`keeps context across a restart (${mode})`, async () => {
      fake.enqueue(text("Ich heiße Flare.", { id: "resp_1" }), text("Flare, wie gesagt."));
      const rec = new Recorder();
      await loop(mode).runTurn("t1", "Wie heißt du?", rec, new AbortController().signal);
      const persisted = JSON.parse(JSON.stringify(rec.states.at(-1))) as ConversationState;
      await loop(mode, persisted).runTurn("t2", "Nochmal?", new Recorder(), new AbortController().signal);
      const body = fake.requests[1]?.body;
      if (mode === "previous_response_id") {
        expect(body).toMatchObject({ previous_response_id: "resp_1", input: [{ type: "message", role: "user", content: "Nochmal?" }] });
      } else {
        expect(body?.input).toEqual([
          { type: "message", role: "user", content: "Wie heißt du?" },
          { type: "message", role: "assistant", content: [{ type: "output_text", text: "Ich heiße Flare." }] },
          { type: "message", role: "user", content: "Nochmal?" },
        ]);
      }
    });
  }
});
