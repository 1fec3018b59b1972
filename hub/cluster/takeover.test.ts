import type { SessionEvent, SessionSummary } from "@aiflare/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { clusterSkipReason } from "../test/cluster-services.js";
import { sleep, waitFor } from "../test/helpers.js";
import { processApi } from "../test/hub-process.js";
import { agentScript, Cluster, type Node } from "./cluster-harness.js";

const skip = await clusterSkipReason();
const LEASE_MS = 1_000;
/** 20 by default (the bar); AIFLARE_CLUSTER_KILLS lowers it for a quick local run. */
const KILLS = Number(process.env.AIFLARE_CLUSTER_KILLS ?? 20);

/** The timeline as PostgreSQL has it, through any live node. */
async function history(node: Node, sessionId: string): Promise<SessionEvent[]> {
  const res = await processApi(node.hub.url, "GET", `/api/sessions/${sessionId}/history`);
  return res.body.events as SessionEvent[];
}

async function summary(node: Node, sessionId: string): Promise<SessionSummary> {
  return (await processApi(node.hub.url, "GET", `/api/sessions/${sessionId}`)).body.session as SessionSummary;
}

function completedTurns(events: readonly SessionEvent[]): number {
  return events.filter((e) => e.type === "turn_completed").length;
}

describe.skipIf(skip !== undefined)("cluster takeover (real hub processes on PostgreSQL and Redis)", () => {
  let cluster: Cluster | undefined;
  afterEach(async () => cluster?.close());

  it(`${KILLS} kill -9 of the owning node, mid-stream and mid-tool-call: taken over, nothing seen is lost, no duplicate, the next prompt works`, async () => {
    cluster = await Cluster.start(LEASE_MS, agentScript(150, 5));
    const c = cluster;
    const workerNode = await c.spawn(); // never killed; never owns the session (prompts go elsewhere)
    await c.spawn();
    await c.spawn();
    const workerId = await c.worker(workerNode, 150);
    const session = (await processApi(workerNode.hub.url, "POST", "/api/sessions", { workerId, workdir: "/tmp" })).body.session as SessionSummary;
    for (const node of c.nodes) {
      await waitFor(async () => (await processApi(node.hub.url, "GET", `/api/sessions/${session.id}`)).status === 200, 10_000, "every node to know the session");
      await c.watch(node, session.id);
    }

    const takeovers: number[] = [];
    for (let kill = 0; kill < KILLS; kill++) {
      const others = c.nodes.filter((n) => n !== workerNode);
      const entry = others[kill % others.length]!;
      const before = completedTurns(await history(workerNode, session.id));
      expect((await processApi(entry.hub.url, "POST", `/api/sessions/${session.id}/messages`, { text: `prompt ${kill}` })).status).toBe(202);
      const owner = await waitFor(async () => {
        const s = await summary(workerNode, session.id);
        return s.status !== "waiting" && s.node ? s.node : undefined;
      }, 20_000, "a node to run the turn");
      expect(owner).not.toBe(workerNode.id);
      // A random moment: during the tool call (the worker answers after 150 ms) or the stream.
      await sleep(Math.floor(Math.random() * 600));
      const victim = c.node(owner);
      const killedAt = Date.now();
      await c.kill(victim, "SIGKILL");
      const after = await waitFor(async () => {
        const events = await history(workerNode, session.id);
        return completedTurns(events) > before && (await summary(workerNode, session.id)).status === "waiting" ? events : undefined;
      }, LEASE_MS * 10 + 10_000, "the turn to be closed by a takeover (or to have finished first)");
      const last = after.filter((e) => e.type === "turn_completed").at(-1);
      if (last?.type === "turn_completed" && last.status === "failed") {
        // Kill to the new owner's closing event (written by it, same machine clock): within the lease time + 1 s.
        const tookMs = Date.parse(last.createdAt) - killedAt;
        takeovers.push(tookMs);
        expect(last.error).toMatch(/the hub node running this turn stopped; taken over by node-/);
        expect(tookMs, `takeover ${kill + 1} took ${tookMs} ms`).toBeLessThanOrEqual(LEASE_MS + 1_000);
      }
      // Keep three nodes, with a browser on the new one.
      const fresh = await c.spawn();
      await waitFor(async () => (await processApi(fresh.hub.url, "GET", `/api/sessions/${session.id}`)).status === 200, 10_000, "the new node to know the session");
      await c.watch(fresh, session.id);
      console.log(`kill ${kill + 1}/${KILLS}: ${owner} killed; the turn was closed`);
    }

    // The next prompt works, on whichever node takes it.
    const before = completedTurns(await history(workerNode, session.id));
    expect((await processApi(workerNode.hub.url, "POST", `/api/sessions/${session.id}/messages`, { text: "after the kills" })).status).toBe(202);
    const final = await waitFor(async () => {
      const events = await history(workerNode, session.id);
      return completedTurns(events) > before ? events : undefined;
    }, 30_000, "the next prompt's turn");
    expect(final.filter((e) => e.type === "turn_completed").at(-1)).toMatchObject({ status: "completed" });

    // Contiguous, every function call answered, and byte for byte what every browser saw.
    expect(final.map((e) => e.seq)).toEqual(final.map((_, i) => i + 1));
    // Every function call answered exactly once; every turn started once and closed once.
    const calls = final.flatMap((e) => (e.type === "tool_call" ? [e.callId] : []));
    const results = final.flatMap((e) => (e.type === "tool_result" ? [e.callId] : []));
    expect(new Set(calls).size).toBe(calls.length);
    expect([...results].sort()).toEqual([...calls].sort());
    const started = final.flatMap((e) => (e.type === "turn_started" ? [e.turnId] : []));
    const ended = final.flatMap((e) => (e.type === "turn_completed" ? [e.turnId] : []));
    expect(new Set(started).size).toBe(started.length);
    expect(ended).toEqual(started);
    expect(started).toHaveLength(KILLS + 1);
    const stored = new Map(final.map((e) => [e.seq, JSON.stringify(e)]));
    let compared = 0;
    for (const watcher of c.watchers) {
      expect(watcher.duplicates, `duplicates seen by the browser on ${watcher.node}`).toEqual([]);
      for (const [seq, json] of watcher.seen) {
        expect(json, `event ${seq} as the browser on ${watcher.node} saw it`).toBe(stored.get(seq));
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(final.length);
    expect(takeovers.length).toBeGreaterThan(0);
    console.log(`takeovers: ${takeovers.length} of ${KILLS} kills hit a running turn; kill to the closing event, ms: ${takeovers.join(", ")} (max ${Math.max(...takeovers)})`);
  }, 1_200_000);

  it("a SIGSTOPped owner, resumed after the takeover, cannot append: its writes are refused and it stops its turn", async () => {
    cluster = await Cluster.start(LEASE_MS, agentScript(400, 20));
    const c = cluster;
    const workerNode = await c.spawn();
    const a = await c.spawn();
    await c.spawn();
    const workerId = await c.worker(workerNode, 10);
    const session = (await processApi(workerNode.hub.url, "POST", "/api/sessions", { workerId, workdir: "/tmp" })).body.session as SessionSummary;
    await waitFor(async () => (await processApi(a.hub.url, "GET", `/api/sessions/${session.id}`)).status === 200, 10_000, "node a to know the session");
    const watcher = await c.watch(workerNode, session.id);
    expect((await processApi(a.hub.url, "POST", `/api/sessions/${session.id}/messages`, { text: "long one" })).status).toBe(202);
    await waitFor(() => [...watcher.seen.values()].some((json) => json.includes('"message_delta"')), 20_000, "the stream to start");
    expect((await summary(workerNode, session.id)).node, "the node the prompt was sent to runs it").toBe(a.id);
    a.hub.child.kill("SIGSTOP");
    const stoppedAt = Date.now();
    const closed = await waitFor(async () => {
      const events = await history(workerNode, session.id);
      return events.some((e) => e.type === "turn_completed") ? events : undefined;
    }, LEASE_MS * 10 + 10_000, "another node to take the session over");
    const closedAt = closed.at(-1)!.seq;
    const turnEnd = closed.find((e) => e.type === "turn_completed");
    expect(turnEnd).toMatchObject({ status: "failed", error: expect.stringMatching(/^the hub node running this turn stopped; taken over by node-/) });
    expect(Date.parse(turnEnd!.createdAt) - stoppedAt).toBeLessThanOrEqual(LEASE_MS + 1_000);
    a.hub.child.kill("SIGCONT");
    const said = (text: string) => waitFor(() => a.hub.stderr().includes(text), 20_000, `the resumed node to log "${text}"`).catch((error: Error) => {
      throw new Error(`${error.message}; its log ends:\n${a.hub.stderr().slice(-4_000)}`);
    });
    await said("write refused");
    await said("lost the session's lease; stopping its turn here");
    await sleep(500);
    const after = await history(workerNode, session.id);
    expect(after.map((e) => e.seq)).toEqual(after.map((_, i) => i + 1));
    expect(after.filter((e) => e.seq > closedAt && e.type === "message_delta")).toEqual([]);
    expect(watcher.duplicates).toEqual([]);
    for (const [seq, json] of watcher.seen) expect(json).toBe(JSON.stringify(after[seq - 1]));
  });
});
