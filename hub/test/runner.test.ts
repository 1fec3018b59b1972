import type { SessionStatus } from "@aiflare/protocol";
import { afterEach, describe, expect, it } from "vitest";
import type { RuntimeFactory } from "../src/runner/runtime.js";
import { SessionRunner } from "../src/runner/session-runner.js";
import { MemoryPersistence } from "../src/store/memory-persistence.js";
import { SessionStore } from "../src/store/session-store.js";
import { startTestHub, waitFor, type TestHub } from "./helpers.js";

/** Answers like a tiny German-speaking agent; streams its reply word by word. */
const scripted: RuntimeFactory = (session) => ({
  runTurn: async ({ prompt, sink, signal }) => {
    const reply = /antworte mir bitte mit hallo/i.test(prompt) ? "Hallo" : /welche session/i.test(prompt) ? session.id : `echo: ${prompt}`;
    sink.setStatus("streaming");
    const messageId = `a-${Math.random().toString(36).slice(2)}`;
    for (const piece of reply.match(/.{1,3}/g) ?? []) {
      if (signal.aborted) throw signal.reason;
      sink.stream({ type: "message_delta", messageId, delta: piece });
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    sink.append({ type: "message", messageId, role: "assistant", text: reply });
    return { reply, usage: { inputTokens: prompt.length, outputTokens: reply.length, totalTokens: prompt.length + reply.length } };
  },
});

describe("SessionRunner", () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  async function setup(factory: RuntimeFactory = scripted) {
    const store = new SessionStore({ persistence: new MemoryPersistence(), coalesceMs: 1 });
    await store.load();
    const runner = new SessionRunner({ store, runtimeFactory: factory });
    closers.push(() => runner.close(), () => store.close());
    const session = await store.create({ workerId: "w", workdir: "/tmp", model: "m", title: "", approvalPolicy: "full-auto" });
    return { store, runner, session };
  }

  it("answers prompts and runs two back-to-back prompts in FIFO order: four messages", async () => {
    const { store, runner, session } = await setup();
    const first = runner.submitPrompt(session.id, "hi ai antworte mir bitte mit hallo");
    const second = runner.submitPrompt(session.id, "Welche Session?");
    expect(await first).toMatchObject({ status: "completed", reply: "Hallo" });
    expect(await second).toMatchObject({ status: "completed", reply: session.id });
    await store.flush();
    expect(store.transcript(session.id).map((m) => [m.role, m.text])).toEqual([
      ["user", "hi ai antworte mir bitte mit hallo"],
      ["assistant", "Hallo"],
      ["user", "Welche Session?"],
      ["assistant", session.id],
    ]);
    const types = store.eventsAfter(session.id).events.map((e) => e.type);
    expect(types.filter((t) => t === "turn_started")).toHaveLength(2);
    expect(types.filter((t) => t === "turn_completed")).toHaveLength(2);
    expect(store.get(session.id)).toMatchObject({ status: "waiting", usage: { totalTokens: 34 + 5 + 15 + session.id.length } });
  });

  it("runs prompts submitted one after another as soon as the previous one resolves", async () => {
    const { runner, session } = await setup();
    const replies: string[] = [];
    for (let i = 0; i < 5; i++) replies.push((await runner.submitPrompt(session.id, `nr ${i}`)).reply ?? "");
    expect(replies).toEqual(["echo: nr 0", "echo: nr 1", "echo: nr 2", "echo: nr 3", "echo: nr 4"]);
  });

  it("moves through waiting -> running -> streaming -> waiting", async () => {
    const { store, runner, session } = await setup();
    const statuses: SessionStatus[] = [];
    store.subscribe({ onSummary: (s) => statuses.push(s.status) });
    await runner.submitPrompt(session.id, "x");
    await store.flush();
    expect(statuses).toEqual(["running", "streaming", "waiting"]);
  });

  it("cancels a running turn, drops the queue, and runs the next prompt", async () => {
    let started!: () => void;
    const blocking: RuntimeFactory = (session) => ({
      runTurn: (input) =>
        input.prompt === "block"
          ? new Promise((_resolve, reject) => {
              started();
              input.signal.addEventListener("abort", () => reject(input.signal.reason as Error));
            })
          : scripted(session).runTurn(input),
    });
    const { store, runner, session } = await setup(blocking);
    const isStarted = new Promise<void>((resolve) => (started = resolve));
    const blocked = runner.submitPrompt(session.id, "block");
    const queued = runner.submitPrompt(session.id, "never");
    await isStarted;
    expect(runner.cancel(session.id)).toBe(true);
    expect(await blocked).toMatchObject({ status: "canceled" });
    expect(await queued).toEqual({ status: "canceled" });
    expect(runner.cancel(session.id)).toBe(false);
    expect(await runner.submitPrompt(session.id, "hi ai antworte mir bitte mit hallo")).toMatchObject({ reply: "Hallo" });
    await store.flush();
    const completed = store.eventsAfter(session.id).events.filter((e) => e.type === "turn_completed");
    expect(completed.map((e) => e.type === "turn_completed" && e.status)).toEqual(["canceled", "completed"]);
    expect(store.transcript(session.id).map((m) => m.text)).toEqual(["block", "hi ai antworte mir bitte mit hallo", "Hallo"]);
  });

  it("ends a failing turn as failed with a notice and status error, then recovers", async () => {
    let fail = true;
    const flaky: RuntimeFactory = (session) => ({
      runTurn: (input) => (fail ? Promise.reject(new Error("model exploded")) : scripted(session).runTurn(input)),
    });
    const { store, runner, session } = await setup(flaky);
    expect(await runner.submitPrompt(session.id, "x")).toMatchObject({ status: "failed", error: "model exploded" });
    await store.flush();
    expect(store.get(session.id)?.status).toBe("error");
    const events = store.eventsAfter(session.id).events;
    expect(events.some((e) => e.type === "notice" && e.level === "error" && e.text.includes("model exploded"))).toBe(true);
    fail = false;
    expect(await runner.submitPrompt(session.id, "hi ai antworte mir bitte mit hallo")).toMatchObject({ status: "completed" });
    expect(store.get(session.id)?.status).toBe("waiting");
  });

  it("keeps sessions independent and parallel", async () => {
    const { store, runner, session } = await setup();
    const other = await store.create({ workerId: "w", workdir: "/tmp", model: "m", title: "", approvalPolicy: "full-auto" });
    const [a, b] = await Promise.all([runner.submitPrompt(session.id, "Welche Session?"), runner.submitPrompt(other.id, "Welche Session?")]);
    expect(a.reply).toBe(session.id);
    expect(b.reply).toBe(other.id);
  });

  it("prompts to many sessions at once start their turns one event-loop turn apart, so work queued meanwhile (a model stream's read) runs between them", async () => {
    const order: string[] = [];
    const { store, runner, session } = await setup((s) => ({
      runTurn: () => {
        order.push(`start ${s.id}`);
        return Promise.resolve({ reply: "" });
      },
    }));
    const sessions = [session, ...(await Promise.all([1, 2, 3].map(() => store.create({ workerId: "w", workdir: "/tmp", model: "m", title: "", approvalPolicy: "full-auto" }))))];
    const replies = sessions.map((s) => runner.submitPrompt(s.id, "go"));
    // Stands in for I/O: one macrotask per loop turn, queued after the burst of prompts.
    let ticks = 0;
    const tick = () => {
      order.push("tick");
      if (++ticks < 10) setImmediate(tick);
    };
    setImmediate(tick);
    await Promise.all(replies);
    const starts = order.flatMap((entry, i) => (entry.startsWith("start") ? [i] : []));
    expect(starts).toHaveLength(4);
    expect(order.filter((entry) => entry.startsWith("start"))).toEqual(sessions.map((s) => `start ${s.id}`)); // FIFO
    for (let i = 1; i < starts.length; i++) expect(order.slice(starts[i - 1], starts[i])).toContain("tick");
    // Every turn was written in full, whatever its slot.
    await store.flush();
    for (const s of sessions) expect(store.eventsAfter(s.id).events.map((e) => e.type)).toEqual(["turn_started", "message", "turn_completed"]);
  });

  it("a cancel right after the prompt, before its turn got its start slot, still cancels that turn", async () => {
    const { store, runner, session } = await setup();
    const reply = runner.submitPrompt(session.id, "hi ai antworte mir bitte mit hallo");
    expect(runner.cancel(session.id)).toBe(true);
    expect(await reply).toMatchObject({ status: "canceled" });
    await store.flush();
    expect(store.eventsAfter(session.id).events.at(-1)).toMatchObject({ type: "turn_completed", status: "canceled" });
  });
});

describe("prompts through REST and the socket", () => {
  let t: TestHub;
  afterEach(async () => t?.close());

  it("POST /messages and session:send drive the runner; transcript and history show the result", async () => {
    t = await startTestHub({ runtimeFactory: scripted, coalesceMs: 2 });
    const session = await t.session();
    expect(await t.api("POST", `/api/sessions/${session.id}/messages`, { text: "hi ai antworte mir bitte mit hallo" })).toEqual({
      status: 202,
      body: { accepted: true },
    });
    const socket = await t.browser();
    expect(await socket.timeout(2000).emitWithAck("session:send", { sessionId: session.id, text: "Welche Session?" })).toEqual({ ok: true });
    await waitFor(async () => {
      const res = await t.api("GET", `/api/sessions/${session.id}/history`);
      return res.body.events.filter((e: { type: string }) => e.type === "turn_completed").length === 2;
    }, 5000, "both turns to complete");
    const transcript = (await t.api("GET", `/api/sessions/${session.id}/transcript`)).body.messages;
    expect(transcript.map((m: { text: string }) => m.text)).toEqual(["hi ai antworte mir bitte mit hallo", "Hallo", "Welche Session?", session.id]);
    const history = await t.api("GET", `/api/sessions/${session.id}/history?afterSeq=0`);
    const seqs = history.body.events.map((e: { seq: number }) => e.seq);
    expect(seqs).toEqual(Array.from({ length: history.body.lastSeq }, (_, i) => i + 1));
  });
});
