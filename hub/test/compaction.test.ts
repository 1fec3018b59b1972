import { OpenAIResponsesClient, SUMMARY_PREFIX } from "@aiflare/core";
import { FakeResponsesServer, apiErrorBody } from "@aiflare/core/testing";
import type { SessionEvent, SessionSummary } from "@aiflare/protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ModelSetup } from "../src/agent/model-setup.js";
import { compactionBrain, pairsIntact } from "./compaction-brain.js";
import { BROWSER_TOKEN, WORKER_TOKEN, startTestHub, waitFor, type TestHub } from "./helpers.js";

const WINDOW = 6000;
/** What the worker answers to every shell call: about 600 tokens. */
const BIG_OUTPUT = Array.from({ length: 60 }, (_, i) => `line ${i}: ${"data ".repeat(7)}`).join("\n");

type Mode = ModelSetup["conversationMode"];
type Body = { input?: { type?: string; role?: string; content?: unknown }[]; previous_response_id?: string };

describe("compaction (real SDK against the fake Responses server with a small window)", () => {
  let fake: FakeResponsesServer;
  let brain: ReturnType<typeof compactionBrain>;
  let t: TestHub | undefined;
  beforeEach(async () => {
    brain = compactionBrain();
    fake = (await FakeResponsesServer.start(brain)).setContextWindow(WINDOW);
  });
  afterEach(async () => {
    await t?.close();
    t = undefined;
    await fake.close();
  });

  const setup = (mode: Mode): ModelSetup => ({ client: new OpenAIResponsesClient({ apiKey: "sk-test", baseURL: fake.baseURL }), defaultModel: "fake-model", conversationMode: mode, demo: false });
  const hub = (mode: Mode, windowTokens = WINDOW, dataDir?: string) =>
    startTestHub({ model: setup(mode), env: { AIFLARE_TOKEN: BROWSER_TOKEN, AIFLARE_WORKER_TOKEN: WORKER_TOKEN, AIFLARE_CONTEXT_WINDOW: String(windowTokens) }, ...(dataDir ? { dataDir } : {}) });

  async function sessionOn(hub: TestHub, workerId?: string): Promise<SessionSummary> {
    const worker = await hub.worker(workerId ? { workerId } : {});
    worker.socket.on("agent_tool_call", (payload, ack) => ack({ callId: payload.callId, ok: true, output: BIG_OUTPUT, exitCode: 0, durationMs: 1 }));
    const created = await hub.api("POST", "/api/sessions", { workerId: worker.workerId, workdir: "/tmp" });
    return created.body.session as SessionSummary;
  }

  const events = (hub: TestHub, id: string): SessionEvent[] => hub.hub.store.eventsAfter(id).events;
  const turns = (hub: TestHub, id: string) => events(hub, id).filter((e): e is Extract<SessionEvent, { type: "turn_completed" }> => e.type === "turn_completed");
  const compactions = (hub: TestHub, id: string) => events(hub, id).filter((e): e is Extract<SessionEvent, { type: "compaction" }> => e.type === "compaction");

  async function turn(hub: TestHub, id: string, text: string): Promise<Extract<SessionEvent, { type: "turn_completed" }>> {
    const before = turns(hub, id).length;
    expect((await hub.api("POST", `/api/sessions/${id}/messages`, { text })).status).toBe(202);
    await waitFor(() => turns(hub, id).length > before, 20_000, `turn "${text}"`);
    return turns(hub, id).at(-1)!;
  }

  const lastAnswer = (hub: TestHub, id: string) => events(hub, id).filter((e) => e.type === "message" && e.role === "assistant").at(-1) as { text: string } | undefined;

  for (const mode of ["stateless", "previous_response_id"] as const) {
    it(`${mode}: 40 turns with large tool outputs never overflow, compact more than once, and keep the turn-1 fact`, async () => {
      t = await hub(mode);
      const s = await sessionOn(t);
      expect((await turn(t, s.id, "FACT: the code word is PAPAYA. Please work 1")).status).toBe("completed");
      for (let i = 2; i <= 40; i++) expect((await turn(t, s.id, `work ${i}`)).status).toBe("completed");
      const done = compactions(t, s.id);
      expect(done.length).toBeGreaterThanOrEqual(2);
      expect(done.every((c) => c.reason === "auto" && c.tokensAfter! < c.tokensBefore)).toBe(true);
      expect(brain.summaries).toBe(done.length);
      // The real limit was never hit, and no request separated a call from its output.
      expect(fake.requests.every((r) => pairsIntact(r.body as Body))).toBe(true);
      expect(events(t, s.id).some((e) => e.type === "notice" && e.level === "error")).toBe(false);

      expect((await turn(t, s.id, "question: what is the code word?")).status).toBe("completed");
      expect(lastAnswer(t, s.id)?.text).toBe("The code word is PAPAYA.");
      // The timeline keeps every event: all 41 prompts are still there.
      expect(events(t, s.id).filter((e) => e.type === "message" && e.role === "user")).toHaveLength(41);
      const summary = (await t.api("GET", `/api/sessions/${s.id}`)).body.session as SessionSummary;
      expect(summary.context?.windowTokens).toBe(WINDOW);
      expect(summary.context!.usedTokens).toBeGreaterThan(0);
      expect(summary.context!.usedTokens).toBeLessThanOrEqual(WINDOW);
    });
  }

  it("overflow: a 400 context_length_exceeded compacts and retries exactly once", async () => {
    t = await hub("stateless", 10 * WINDOW); // the hub thinks the window is ten times larger than it is
    const s = await sessionOn(t);
    await turn(t, s.id, "FACT: the code word is KIWI. work 1");
    let refusedAt = -1;
    for (let i = 2; i <= 14 && refusedAt < 0; i++) {
      expect((await turn(t, s.id, `work ${i}`)).status).toBe("completed");
      refusedAt = compactions(t, s.id).length > 0 ? i : -1;
    }
    expect(refusedAt).toBeGreaterThan(0);
    expect(compactions(t, s.id).map((c) => c.reason)).toEqual(["overflow"]);
    // The refused request, then the summary request, then the same request once more.
    const tooBig = (r: { body: unknown }) => JSON.stringify(r.body).length / 4 > WINDOW;
    const refused = fake.requests.findIndex(tooBig);
    expect(refused).toBeGreaterThanOrEqual(0);
    const lastUserOf = (index: number) => JSON.stringify((fake.requests[index]?.body as Body).input?.filter((i) => i.role === "user").at(-1) ?? {});
    expect(lastUserOf(refused + 1)).toMatch(/summary/);
    const retried = fake.requests[refused + 2]?.body as Body;
    expect(JSON.stringify(retried.input?.[0])).toContain(SUMMARY_PREFIX.slice(1, 30));
    expect(lastUserOf(refused + 2)).toBe(lastUserOf(refused)); // the same prompt, sent once more
    expect(fake.requests.filter(tooBig)).toHaveLength(1); // one refusal only: the retry fit
    expect((await turn(t, s.id, "question: what is the code word?")).status).toBe("completed");
    expect(lastAnswer(t, s.id)?.text).toBe("The code word is KIWI.");
  });

  it("an overflow that persists after one compaction fails the turn with a clear notice, without looping", async () => {
    t = await hub("stateless");
    const s = await sessionOn(t);
    await turn(t, s.id, "work 1");
    const before = fake.requests.length;
    fake.setHandler((request, index) => {
      const body = request.body as Body;
      if (JSON.stringify(body.input?.at(-1) ?? {}).includes("summary")) return brain(request, index);
      return { kind: "error", status: 400, body: apiErrorBody("Your input exceeds the context window of this model.", "invalid_request_error", "context_length_exceeded") };
    });
    const failed = await turn(t, s.id, "this will never fit");
    expect(failed.status).toBe("failed");
    expect(fake.requests.length - before).toBe(3); // request, summary, one retry
    expect(compactions(t, s.id).map((c) => c.reason)).toEqual(["overflow"]);
    const notice = events(t, s.id).find((e) => e.type === "notice" && e.level === "error") as { text: string } | undefined;
    expect(notice?.text).toMatch(/does not fit the model's context window even after compacting it once/);
  });

  it("a restarted hub continues from the compacted state", async () => {
    const first = await hub("stateless");
    const dataDir = first.dataDir;
    const s = await sessionOn(first);
    const { workerId } = s;
    await turn(first, s.id, "FACT: the code word is MANGO. work 1");
    for (let i = 2; compactions(first, s.id).length === 0 && i < 30; i++) await turn(first, s.id, `work ${i}`);
    expect(compactions(first, s.id)).toHaveLength(1);
    await turn(first, s.id, "work after the compaction");
    await first.hub.close();

    t = await hub("stateless", WINDOW, dataDir);
    const worker = await t.worker({ workerId });
    worker.socket.on("agent_tool_call", (payload, ack) => ack({ callId: payload.callId, ok: true, output: "small", exitCode: 0, durationMs: 1 }));
    const sent = fake.requests.length;
    expect((await turn(t, s.id, "question: what is the code word?")).status).toBe("completed");
    const input = (fake.requests[sent]?.body as Body).input ?? [];
    expect(JSON.stringify(input[0])).toContain(SUMMARY_PREFIX.slice(1, 30));
    expect(JSON.stringify(input)).not.toContain("Please work 1");
    expect(lastAnswer(t, s.id)?.text).toBe("The code word is MANGO.");
  });

  it("POST /api/sessions/:id/compact compacts as the next queued job", async () => {
    t = await hub("previous_response_id");
    const s = await sessionOn(t);
    await turn(t, s.id, "FACT: the code word is LIME. work 1");
    expect(await t.api("POST", "/api/sessions/nope/compact")).toMatchObject({ status: 404, body: { error: { code: "not_found" } } });
    expect(await t.api("POST", `/api/sessions/${s.id}/compact`)).toEqual({ status: 202, body: { accepted: true } });
    const [manual] = await waitFor(() => (compactions(t!, s.id).length > 0 ? compactions(t!, s.id) : undefined), 10_000, "the compaction");
    expect(manual).toMatchObject({ reason: "manual" });
    await waitFor(async () => ((await t!.api("GET", `/api/sessions/${s.id}`)).body.session as SessionSummary).status === "waiting");
    const sent = fake.requests.length;
    await turn(t, s.id, "question: what is the code word?");
    const body = fake.requests[sent]?.body as Body;
    expect(body.previous_response_id).toBeUndefined(); // a new chain, from the summary
    expect(JSON.stringify(body.input?.[0])).toContain(SUMMARY_PREFIX.slice(1, 30));
    expect(lastAnswer(t, s.id)?.text).toBe("The code word is LIME.");
  });
});
