import type { NoticeLevel, ToolResult, Usage } from "@aiflare/protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AgentLoop, type AgentCallbacks } from "../src/agent/agent-loop.js";
import { newConversation, type ConversationMode, type ConversationState } from "../src/agent/conversation.js";
import { answerDanglingCalls } from "../src/agent/repair.js";
import { OpenAIResponsesClient } from "../src/model/openai-client.js";
import {
  FakeResponsesServer,
  apiErrorBody,
  encryptedReasoning,
  failedResponseEvents,
  responseEvents,
  streamErrorEvent,
  type FakeReply,
} from "../src/testing/index.js";
import type { ToolCallRequest, ToolExecutor } from "../src/tool-executor.js";

/** Everything a turn reported. */
class Recorder implements AgentCallbacks {
  messages: { id: string; text: string; meta?: object }[] = [];
  reasoning = new Map<string, string>();
  reasoningDeltas = new Map<string, string>();
  calls: { callId: string; tool: string; args: Record<string, unknown> }[] = [];
  callDeltas = new Map<string, string>();
  results: ToolResult[] = [];
  notices: { level: NoticeLevel; text: string }[] = [];
  usage: Usage[] = [];
  onTextDelta() {}
  onMessage(id: string, text: string, meta?: object) { this.messages.push({ id, text, ...(meta && Object.keys(meta).length ? { meta } : {}) }); }
  onReasoningDelta(id: string, delta: string) { this.reasoningDeltas.set(id, (this.reasoningDeltas.get(id) ?? "") + delta); }
  onReasoning(id: string, text: string) { this.reasoning.set(id, text); }
  onToolCall(call: { callId: string; tool: string; args: Record<string, unknown> }) { this.calls.push(call); }
  onToolCallDelta(callId: string, delta: string) { this.callDeltas.set(callId, (this.callDeltas.get(callId) ?? "") + delta); }
  onToolResult(result: ToolResult) { this.results.push(result); }
  onNotice(level: NoticeLevel, text: string) { this.notices.push({ level, text }); }
  onPhase() {}
  onState() {}
  onUsage(usage: Usage) { this.usage.push(usage); }
}

/** Answers every call with a fixed output, recording what ran. */
class Executor implements ToolExecutor {
  calls: ToolCallRequest[] = [];
  constructor(private readonly output: (call: ToolCallRequest) => string = () => "done") {}
  execute(call: ToolCallRequest): Promise<ToolResult> {
    this.calls.push(call);
    return Promise.resolve({ callId: call.callId, ok: true, output: this.output(call), exitCode: 0, durationMs: 1 });
  }
}

const stream = (...items: Parameters<typeof responseEvents>[0]): FakeReply => ({ kind: "stream", events: responseEvents(items) });
const signal = () => new AbortController().signal;
const PATCH = "*** Begin Patch\n*** Add File: hello.txt\n+hi \"there\"\n*** End Patch";

describe("the agent loop against a fake that behaves like the real Responses API", () => {
  let fake: FakeResponsesServer;
  let executor: Executor;
  beforeEach(async () => {
    fake = await FakeResponsesServer.start();
    executor = new Executor();
  });
  afterEach(async () => fake.close());

  function loop(options: { mode?: ConversationMode; model?: string; state?: ConversationState; budget?: number } = {}) {
    return new AgentLoop({
      model: new OpenAIResponsesClient({ apiKey: "sk-test", baseURL: fake.baseURL }),
      modelName: options.model ?? "fake-model",
      instructions: "be brief",
      executor,
      state: options.state ?? newConversation(options.mode ?? "stateless"),
      retry: { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 5 },
      random: () => 0,
      promptCacheKey: "session-1",
      reasoningEffort: "low",
      ...(options.budget ? { toolOutputBudget: options.budget } : {}),
    });
  }

  for (const mode of ["stateless", "previous_response_id"] as const) {
    it(`a reasoning model's summary reaches the callbacks; stateless requests carry the encrypted reasoning back (${mode})`, async () => {
      fake.enqueue(
        stream({ type: "reasoning", summary: "Ich sehe nach." }, { type: "function_call", name: "shell", arguments: { command: ["ls"] }, callId: "c1" }),
        stream({ type: "reasoning", summary: "Fertig." }, { type: "message", text: "Eine Datei.", phase: "final_answer" }),
      );
      const rec = new Recorder();
      await loop({ mode, model: "gpt-5" }).runTurn("t1", "was liegt hier?", rec, signal());
      expect([...rec.reasoning.values()]).toEqual(["Ich sehe nach.", "Fertig."]);
      expect([...rec.reasoningDeltas.values()]).toEqual(["Ich sehe nach.", "Fertig."]);
      const [first, second] = fake.requests.map((r) => r.body);
      expect(first).toMatchObject({ reasoning: { effort: "low", summary: "auto" }, include: ["reasoning.encrypted_content"], prompt_cache_key: "session-1", parallel_tool_calls: false });
      if (mode === "stateless") {
        expect(second).toMatchObject({ store: false });
        const reasoning = (second?.input as { type: string; id?: string; encrypted_content?: string }[]).find((item) => item.type === "reasoning");
        expect(reasoning?.encrypted_content).toBe(encryptedReasoning(reasoning?.id ?? ""));
      } else {
        expect(second).toMatchObject({ store: true, previous_response_id: expect.any(String) });
      }
      expect(rec.messages).toEqual([{ id: "t1-1-1", text: "Eine Datei.", meta: { phase: "final_answer" } }]);
      expect(fake.refused).toEqual([]);
    });
  }

  it("keeps phase on assistant messages it sends back, and shows a refusal as one", async () => {
    fake.enqueue(stream({ type: "message", text: "Ich schaue kurz.", phase: "commentary" }, { type: "refusal", text: "Dabei kann ich nicht helfen." }), stream({ type: "message", text: "ok" }));
    const rec = new Recorder();
    const agent = loop();
    const first = await agent.runTurn("t1", "hilf", rec, signal());
    expect(first.reply).toBe("Ich schaue kurz.\n\nDabei kann ich nicht helfen.");
    expect(rec.messages).toEqual([
      { id: "t1-0-0", text: "Ich schaue kurz.", meta: { phase: "commentary" } },
      { id: "t1-0-1", text: "Dabei kann ich nicht helfen.", meta: { refusal: true } },
    ]);
    await agent.runTurn("t2", "weiter", new Recorder(), signal());
    expect(fake.requests[1]?.body.input).toEqual([
      { type: "message", role: "user", content: "hilf" },
      { type: "message", role: "assistant", content: [{ type: "output_text", text: "Ich schaue kurz." }], phase: "commentary" },
      { type: "message", role: "assistant", content: [{ type: "refusal", refusal: "Dabei kann ich nicht helfen." }] },
      { type: "message", role: "user", content: "weiter" },
    ]);
  });

  it("gives gpt-5.1-codex apply_patch as a grammar tool and runs its freeform call as a patch, streaming it", async () => {
    fake.enqueue(stream({ type: "custom_tool_call", name: "apply_patch", input: PATCH, callId: "p1" }), stream({ type: "message", text: "erledigt" }));
    const rec = new Recorder();
    await loop({ model: "gpt-5.1-codex" }).runTurn("t1", "schreib hello", rec, signal());
    const tools = fake.requests[0]?.body.tools as { type: string; name: string; format?: { type: string; syntax: string; definition: string } }[];
    const patchTool = tools.find((tool) => tool.name === "apply_patch");
    expect(patchTool).toMatchObject({ type: "custom", format: { type: "grammar", syntax: "lark" } });
    expect(patchTool?.format?.definition).toContain("*** Begin Patch");
    expect(executor.calls.map((c) => [c.tool, c.args])).toEqual([["apply_patch", { input: PATCH }]]);
    expect(rec.callDeltas.get("p1")).toBe(PATCH);
    expect(fake.requests[1]?.body.input).toContainEqual({ type: "custom_tool_call_output", call_id: "p1", output: expect.stringContaining("done") });
  });

  it("streams a JSON apply_patch call's patch text as it is written (escapes decoded)", async () => {
    fake.enqueue(stream({ type: "function_call", name: "apply_patch", arguments: { input: PATCH }, callId: "p2" }), stream({ type: "message", text: "ok" }));
    const rec = new Recorder();
    await loop({ model: "gpt-4.1" }).runTurn("t1", "schreib", rec, signal());
    expect(rec.callDeltas.get("p2")).toBe(PATCH);
    expect(executor.calls[0]?.args).toEqual({ input: PATCH });
  });

  it("recognises shell [\"apply_patch\", PATCH] and bash -lc heredocs as patches", async () => {
    const heredoc = `cd sub && apply_patch <<'EOF'\n${PATCH}\nEOF\n`;
    fake.enqueue(
      stream(
        { type: "function_call", name: "shell", arguments: { command: ["apply_patch", PATCH] }, callId: "s1" },
        { type: "function_call", name: "shell", arguments: { command: ["bash", "-lc", heredoc] }, callId: "s2" },
        { type: "function_call", name: "shell", arguments: { command: ["bash", "-lc", "ls"] }, callId: "s3" },
      ),
      stream({ type: "message", text: "ok" }),
    );
    const rec = new Recorder();
    await loop({ model: "gpt-5" }).runTurn("t1", "patch", rec, signal());
    expect(executor.calls.map((c) => [c.tool, c.args])).toEqual([
      ["apply_patch", { input: PATCH }],
      ["apply_patch", { input: PATCH.replace("Add File: hello.txt", "Add File: sub/hello.txt") }],
      ["shell", { command: ["bash", "-lc", "ls"] }],
    ]);
    expect(fake.requests[0]?.body.instructions).toBeDefined();
  });

  it("gives the model a budget of a huge output: head and tail kept, a marker says what was cut", async () => {
    const lines = Array.from({ length: 200_000 }, (_, i) => String(i + 1)).join("\n") + "\n";
    executor = new Executor(() => lines);
    fake.enqueue(stream({ type: "function_call", name: "shell", arguments: { command: ["seq", "1", "200000"] }, callId: "big" }), stream({ type: "message", text: "viel" }));
    const rec = new Recorder();
    await loop().runTurn("t1", "zähl", rec, signal());
    expect(rec.results[0]?.output).toBe(lines); // people keep everything
    const sent = (fake.requests[1]?.body.input as { type: string; output?: string }[]).find((item) => item.type === "function_call_output")?.output ?? "";
    expect(Buffer.byteLength(sent)).toBeLessThanOrEqual(10_000);
    const output = (JSON.parse(sent) as { output: string }).output;
    expect(output.startsWith("1\n2\n3\n")).toBe(true);
    expect(output.endsWith("199999\n200000\n")).toBe(true);
    expect(output).toMatch(/\[… \d+ lines \(\d+ bytes\) omitted; 200000 lines, 1288895 bytes in all …\]/);
    expect(Buffer.byteLength(output)).toBeGreaterThan(7_000); // the budget is used, not wasted
  });

  it("ends the turn at once on a mid-stream insufficient_quota error, naming the quota", async () => {
    const partial = responseEvents([{ type: "message", text: "Ich fange an" }]).slice(0, 5);
    fake.enqueue({ kind: "stream", events: [...partial, streamErrorEvent("insufficient_quota", "You exceeded your current quota, please check your plan and billing details.")] });
    const rec = new Recorder();
    await expect(loop().runTurn("t1", "x", rec, signal())).rejects.toThrow(/quota is used up \(insufficient_quota\): You exceeded your current quota/);
    expect(fake.requests).toHaveLength(1);
    expect(rec.notices).toEqual([]);
  });

  it("waits as long as a mid-stream rate limit's 'try again in 2.5s' says", async () => {
    fake.enqueue(
      { kind: "stream", events: [...responseEvents([]).slice(0, 2), streamErrorEvent("rate_limit_exceeded", "Rate limit reached for gpt-5. Please try again in 2.5s.")] },
      stream({ type: "message", text: "weiter" }),
    );
    const rec = new Recorder();
    const started = Date.now();
    expect((await loop().runTurn("t1", "x", rec, signal())).reply).toBe("weiter");
    expect(Date.now() - started).toBeGreaterThanOrEqual(2500);
    expect(rec.notices[0]?.text).toMatch(/^rate limited by the model API; retrying in 2\.5s/);
  });

  it("counts the usage of a failed response and retries a response.failed server error", async () => {
    fake.enqueue({ kind: "stream", events: failedResponseEvents("server_error", "The server had an error", { input_tokens: 40, output_tokens: 2, total_tokens: 42 }) }, stream({ type: "message", text: "ok" }));
    const rec = new Recorder();
    const result = await loop().runTurn("t1", "x", rec, signal());
    expect(rec.usage.map((u) => u.totalTokens)).toEqual([42, 15]);
    expect(result.usage?.totalTokens).toBe(57);
  });

  it("retries a stream that stays silent past the idle timeout", async () => {
    fake.enqueue({ kind: "stream", events: responseEvents([{ type: "message", text: "hängt" }]), hangAfter: 3 }, stream({ type: "message", text: "wieder da" }));
    const agent = new AgentLoop({
      model: new OpenAIResponsesClient({ apiKey: "sk-test", baseURL: fake.baseURL, streamIdleTimeoutMs: 200 }),
      modelName: "fake-model",
      instructions: "",
      executor,
      state: newConversation("stateless"),
      retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 5 },
    });
    const rec = new Recorder();
    expect((await agent.runTurn("t1", "x", rec, signal())).reply).toBe("wieder da");
    expect(rec.notices.map((n) => n.text)).toEqual([expect.stringMatching(/^the response stream broke off; retrying/)]);
    expect(fake.requests).toHaveLength(2);
  });

  it("rebuilds the request from its own history when the stored previous response expired, and goes on statelessly", async () => {
    fake.enqueue(stream({ type: "message", text: "Ich merke mir 7." }));
    const agent = loop({ mode: "previous_response_id" });
    await agent.runTurn("t1", "Merk dir 7.", new Recorder(), signal());
    fake.forget();
    fake.enqueue(stream({ type: "message", text: "7." }));
    const rec = new Recorder();
    expect((await agent.runTurn("t2", "Welche Zahl?", rec, signal())).reply).toBe("7.");
    expect(fake.refused.map((r) => r.status)).toEqual([400]);
    expect(rec.notices[0]?.text).toMatch(/stored conversation is gone .*continuing statelessly/);
    expect(fake.requests.at(-1)?.body).toMatchObject({
      store: false,
      input: [
        { type: "message", role: "user", content: "Merk dir 7." },
        { type: "message", role: "assistant", content: [{ type: "output_text", text: "Ich merke mir 7." }] },
        { type: "message", role: "user", content: "Welche Zahl?" },
      ],
    });
    expect(agent.snapshot().mode).toBe("stateless");
  });

  it("works under Zero Data Retention, where nothing is ever stored", async () => {
    await fake.close();
    fake = await FakeResponsesServer.start(undefined, { zeroDataRetention: true });
    fake.enqueue(stream({ type: "message", text: "eins" }), stream({ type: "message", text: "zwei" }));
    const agent = loop({ mode: "previous_response_id" });
    await agent.runTurn("t1", "a", new Recorder(), signal());
    expect((await agent.runTurn("t2", "b", new Recorder(), signal())).reply).toBe("zwei");
  });

  it("the fake refuses a call without output and a bare reasoning item; a persisted dangling call is answered", async () => {
    const dangling: ConversationState = {
      mode: "stateless",
      history: [
        { type: "message", role: "user", content: "lauf" },
        { type: "reasoning", id: "rs_1", summary: [] },
        { type: "function_call", call_id: "c_lost", name: "shell", arguments: '{"command":["sleep","9"]}' },
      ],
      pending: [{ type: "message", role: "user", content: "und?" }],
    };
    const direct = await fetch(`${fake.baseURL}/responses`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer x" },
      body: JSON.stringify({ model: "m", input: dangling.history.slice(2), store: false, stream: true }),
    });
    expect(direct.status).toBe(400);
    expect(await direct.json()).toMatchObject({ error: { message: "No tool output found for function call c_lost." } });
    const bare = await fetch(`${fake.baseURL}/responses`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "m", input: [dangling.history[1]], store: false }),
    });
    expect(bare.status).toBe(404);
    expect(((await bare.json()) as { error: { message: string } }).error.message).toMatch(/^Item with id 'rs_1' not found\. Items are not persisted when `store` is set to false/);

    expect(answerDanglingCalls(dangling, "aborted: the hub restarted")).toBe(1);
    fake.enqueue(stream({ type: "message", text: "Der Befehl wurde abgebrochen." }));
    const reply = await loop({ state: dangling }).runTurn("t2", "nochmal?", new Recorder(), signal());
    expect(reply.reply).toBe("Der Befehl wurde abgebrochen.");
    expect(fake.requests.at(-1)?.body.input).toEqual([
      { type: "message", role: "user", content: "lauf" },
      { type: "function_call", call_id: "c_lost", name: "shell", arguments: '{"command":["sleep","9"]}' },
      { type: "function_call_output", call_id: "c_lost", output: "aborted: the hub restarted" },
      { type: "message", role: "user", content: "und?" },
      { type: "message", role: "user", content: "nochmal?" },
    ]);
  });

  it("a generic 400 leaves the refused prompt out, so the next prompt works", async () => {
    fake.enqueue({ kind: "error", status: 400, body: apiErrorBody("Invalid 'input[0].content': string too long.", "invalid_request_error", "string_above_max_length") }, stream({ type: "message", text: "ok" }));
    const agent = loop();
    await expect(agent.runTurn("t1", "x".repeat(50), new Recorder(), signal())).rejects.toThrow(/refused the request/);
    await agent.runTurn("t2", "kurz", new Recorder(), signal());
    expect(fake.requests[1]?.body.input).toEqual([{ type: "message", role: "user", content: "kurz" }]);
  });
});
