import type { SessionEvent, SessionSummary } from "@aiflare/protocol";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { RuntimeFactory } from "../src/runner/runtime.js";
import pg from "pg";
import { clusterSkipReason, scratchDatabase, TEST_DATABASE_URL, TEST_REDIS_URL, uniqueName } from "./cluster-services.js";
import { startTestHub, waitFor, type BrowserClient, type TestHub } from "./helpers.js";

const skip = await clusterSkipReason();

/** Streams a few words; a prompt starting with "hold" waits until `release()` (a long turn). */
function scriptedRuntime(): { factory: RuntimeFactory; release: () => void } {
  let release = () => undefined as void;
  const factory: RuntimeFactory = () => ({
    runTurn: async ({ prompt, sink, signal }) => {
      if (prompt.startsWith("hold")) {
        await new Promise<void>((resolve) => {
          release = resolve;
          signal.addEventListener("abort", () => resolve());
        });
      }
      const words = ["one ", "two ", "three"];
      for (const delta of words) sink.stream({ type: "message_delta", messageId: `a-${prompt}`, delta });
      sink.append({ type: "message", messageId: `a-${prompt}`, role: "assistant", text: words.join("") });
      return { reply: words.join("") };
    },
  });
  return { factory, release: () => release() };
}

/** Every event a browser saw for a session: the join's replay plus live batches. */
async function watch(browser: BrowserClient, sessionId: string): Promise<SessionEvent[]> {
  const seen: SessionEvent[] = [];
  browser.on("session:events", ({ sessionId: id, events }) => {
    if (id === sessionId) seen.push(...events);
  });
  const joined = await browser.timeout(5000).emitWithAck("session:join", { sessionId });
  if (!joined.ok) throw new Error(`join failed: ${JSON.stringify(joined)}`);
  seen.unshift(...joined.events);
  return seen;
}

describe.skipIf(skip !== undefined)("cluster nodes on PostgreSQL and Redis (in-process)", () => {
  const scratch = scratchDatabase();
  const redisUrl = `${TEST_REDIS_URL}?prefix=${uniqueName("aiflare_t")}`;
  const hubs: TestHub[] = [];
  const runtime = scriptedRuntime();

  async function node(nodeId: string): Promise<TestHub> {
    const hub = await startTestHub({ nodeId, cluster: { redisUrl, databaseUrl: scratch.url, leaseMs: 2_000 }, runtimeFactory: runtime.factory, coalesceMs: 2 });
    hubs.push(hub);
    return hub;
  }

  /** Nodes a and b, and a session made on a that b knows. */
  async function twoNodesOneSession(): Promise<{ a: TestHub; b: TestHub; session: SessionSummary }> {
    const a = await node("node-a");
    const b = await node("node-b");
    const session = await a.session();
    await waitFor(async () => (await b.api("GET", `/api/sessions/${session.id}`)).status === 200, 5000, "node-b to know the session");
    return { a, b, session };
  }

  let pool: pg.Pool | undefined;
  /** The texts of a session's prompts stored in PostgreSQL (queued behind its turn), oldest first. */
  async function storedPrompts(sessionId: string): Promise<string[]> {
    pool ??= new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 1 });
    return (await pool.query<{ text: string }>(`SELECT text FROM ${scratch.schema}.prompts WHERE session_id = $1 ORDER BY id`, [sessionId])).rows.map((row) => row.text);
  }

  afterEach(async () => {
    for (const hub of hubs.splice(0)) await hub.close();
  });
  afterAll(async () => {
    await pool?.end();
    await scratch.drop();
  });

  it("reports node, Redis and PostgreSQL in /api/health", async () => {
    const a = await node("node-a");
    const health = await a.api("GET", "/api/health");
    expect(health.body).toMatchObject({ ok: true, node: "node-a", redis: true, database: true });
  });

  it("a session made on one node is live on the other: browsers on both see the same contiguous timeline", async () => {
    const { a, b, session } = await twoNodesOneSession();
    const onA = await watch(await a.browser(), session.id);
    const onB = await watch(await b.browser(), session.id);

    // Sent on node-b: node-b takes the lease and runs it; node-a's browser gets it live.
    const sent = await (await b.browser()).timeout(5000).emitWithAck("session:send", { sessionId: session.id, text: "first" });
    expect(sent).toEqual({ ok: true });
    await waitFor(() => onA.some((e) => e.type === "turn_completed"), 10_000, "node-a's browser to see the turn end");
    await waitFor(() => onB.some((e) => e.type === "turn_completed"), 10_000, "node-b's browser to see the turn end");
    const stored = (await a.api("GET", `/api/sessions/${session.id}/history`)).body.events as SessionEvent[];
    expect(onA.map((e) => e.seq)).toEqual(stored.map((e) => e.seq));
    expect(JSON.stringify(onA)).toBe(JSON.stringify(stored));
    expect(JSON.stringify(onB)).toBe(JSON.stringify(stored));
    expect(stored.map((e) => e.seq)).toEqual(stored.map((_, i) => i + 1));
    // The lease went back when the turn ended.
    await waitFor(async () => (await b.api("GET", `/api/sessions/${session.id}`)).body.session.node === undefined, 5000, "node cleared");
  });

  it("a prompt sent to a node that does not hold the session runs on the holder, after its turn", async () => {
    const { a, b, session } = await twoNodesOneSession();
    expect((await a.api("POST", `/api/sessions/${session.id}/messages`, { text: "hold on" })).status).toBe(202);
    const summary = await waitFor(async () => {
      const got = (await b.api("GET", `/api/sessions/${session.id}`)).body.session;
      return got.node === "node-a" && got.status === "running" ? got : undefined;
    }, 5000, "node-b to show node-a holding the session");
    expect(summary.node).toBe("node-a");
    expect((await b.api("POST", `/api/sessions/${session.id}/messages`, { text: "second" })).status).toBe(202);
    runtime.release();
    const turns = await waitFor(async () => {
      const events = (await b.api("GET", `/api/sessions/${session.id}/history`)).body.events as SessionEvent[];
      const done = events.filter((e) => e.type === "turn_completed");
      return done.length === 2 ? events : undefined;
    }, 10_000, "both turns to finish");
    const prompts = turns.filter((e) => e.type === "message" && e.role === "user").map((e) => (e.type === "message" ? e.text : ""));
    expect(prompts).toEqual(["hold on", "second"]);
    expect(turns.map((e) => e.seq)).toEqual(turns.map((_, i) => i + 1));
  });
  it("a cancel sent to another node stops the holder's turn and drops its queued prompts, stored rows included", async () => {
    const { a, b, session } = await twoNodesOneSession();
    expect((await a.api("POST", `/api/sessions/${session.id}/messages`, { text: "hold this" })).status).toBe(202);
    await waitFor(async () => (await b.api("GET", `/api/sessions/${session.id}`)).body.session.status === "running", 5000, "the turn to run");
    expect((await b.api("POST", `/api/sessions/${session.id}/messages`, { text: "queued one" })).status).toBe(202);
    // Both through node-b: its per-session chain forwards them in the order they came.
    expect((await b.api("POST", `/api/sessions/${session.id}/messages`, { text: "queued two" })).status).toBe(202);
    const stored = () => storedPrompts(session.id);
    await waitFor(async () => (await stored()).length === 2, 5000, "both prompts to be stored");
    expect(await stored()).toEqual(["queued one", "queued two"]);
    expect((await b.api("POST", `/api/sessions/${session.id}/cancel`)).status).toBe(200);
    const events = await waitFor(async () => {
      const got = (await b.api("GET", `/api/sessions/${session.id}/history`)).body.events as SessionEvent[];
      return got.some((e) => e.type === "turn_completed") ? got : undefined;
    }, 5000, "the turn to end");
    expect(events.filter((e) => e.type === "turn_completed")).toMatchObject([{ status: "canceled" }]);
    expect(events.some((e) => e.type === "notice" && e.text === "canceled; 2 queued prompt(s) dropped")).toBe(true);
    await waitFor(async () => (await stored()).length === 0, 5000, "the stored prompts to be dropped");
    await waitFor(async () => (await b.api("GET", `/api/sessions/${session.id}`)).body.session.node === undefined, 5000, "the lease to go back");
    const after = (await b.api("GET", `/api/sessions/${session.id}/history`)).body.events as SessionEvent[];
    expect(after.filter((e) => e.type === "turn_started")).toHaveLength(1);
  });
  it("a node that shuts down gracefully hands the session back; another node runs the prompts it had queued", async () => {
    const { a, b, session } = await twoNodesOneSession();
    expect((await a.api("POST", `/api/sessions/${session.id}/messages`, { text: "hold on" })).status).toBe(202);
    await waitFor(async () => (await b.api("GET", `/api/sessions/${session.id}`)).body.session.status === "running", 5000, "the turn to run");
    expect((await a.api("POST", `/api/sessions/${session.id}/messages`, { text: "after the shutdown" })).status).toBe(202);
    const stored = () => storedPrompts(session.id);
    await waitFor(async () => (await stored()).length === 1, 5000, "the prompt to be stored");
    hubs.splice(hubs.indexOf(a), 1);
    await a.close();
    const events = await waitFor(async () => {
      const got = (await b.api("GET", `/api/sessions/${session.id}/history`)).body.events as SessionEvent[];
      return got.filter((e) => e.type === "turn_completed").length === 2 ? got : undefined;
    }, 10_000, "node-b to run the queued prompt");
    expect(events.flatMap((e) => (e.type === "turn_completed" ? [e.status] : []))).toEqual(["canceled", "completed"]);
    expect(events.flatMap((e) => (e.type === "message" && e.role === "user" ? [e.text] : []))).toEqual(["hold on", "after the shutdown"]);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(await stored()).toEqual([]);
  });
});
