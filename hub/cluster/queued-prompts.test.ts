import { responseEvents, type FakeReply } from "@aiflare/core/testing";
import type { SessionEvent, SessionSummary } from "@aiflare/protocol";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { clusterSkipReason } from "../test/cluster-services.js";
import { waitFor } from "../test/helpers.js";
import { processApi } from "../test/hub-process.js";
import { Cluster } from "./cluster-harness.js";

const skip = await clusterSkipReason();
const LEASE_MS = 1_000;

/** The first reply hangs mid-stream (the turn runs until its node dies); every later one is a short streamed answer. */
function script(): (request: { body: Record<string, unknown> }) => FakeReply {
  let n = 0;
  return () => {
    n += 1;
    const events = responseEvents([{ type: "message", text: `answer ${n}: ${"word ".repeat(20)}` }], { id: `resp_${n}`, chunkSize: 4 });
    return n === 1 ? { kind: "stream", events, hangAfter: 4 } : { kind: "stream", events, delayMs: 5 };
  };
}

async function history(url: string, sessionId: string): Promise<SessionEvent[]> {
  return (await processApi(url, "GET", `/api/sessions/${sessionId}/history`)).body.events as SessionEvent[];
}

function userPrompts(events: readonly SessionEvent[]): string[] {
  return events.flatMap((e) => (e.type === "message" && e.role === "user" ? [e.text] : []));
}

describe.skipIf(skip !== undefined)("queued prompts survive the owner (real hub processes on PostgreSQL and Redis)", () => {
  let cluster: Cluster | undefined;
  let db: pg.Client | undefined;
  afterEach(async () => {
    await db?.end();
    await cluster?.close();
  });

  it("kill -9 of the owner while prompts wait behind its turn: the new owner closes the turn failed, then runs them in order", async () => {
    cluster = await Cluster.start(LEASE_MS, script());
    const c = cluster;
    const workerNode = await c.spawn();
    const owner = await c.spawn();
    const other = await c.spawn();
    const workerId = await c.worker(workerNode, 10);
    const session = (await processApi(workerNode.hub.url, "POST", "/api/sessions", { workerId, workdir: "/tmp" })).body.session as SessionSummary;
    for (const node of c.nodes) {
      await waitFor(async () => (await processApi(node.hub.url, "GET", `/api/sessions/${session.id}`)).status === 200, 10_000, "every node to know the session");
      await c.watch(node, session.id);
    }
    db = new pg.Client({ connectionString: c.scratch.url.replace(/\?.*$/, "") });
    await db.connect();
    const stored = async () => (await db!.query<{ text: string }>(`SELECT text FROM ${c.scratch.schema}.prompts WHERE session_id = $1 ORDER BY id`, [session.id])).rows.map((row) => row.text);

    expect((await processApi(owner.hub.url, "POST", `/api/sessions/${session.id}/messages`, { text: "first" })).status).toBe(202);
    await waitFor(async () => (await processApi(workerNode.hub.url, "GET", `/api/sessions/${session.id}`)).body.session.node === owner.id, 20_000, "the owner to run the first turn");
    // One prompt through another node (forwarded to the owner), one straight to it: both wait, stored.
    expect((await processApi(other.hub.url, "POST", `/api/sessions/${session.id}/messages`, { text: "second" })).status).toBe(202);
    const storedAre = (texts: string[]) => async () => JSON.stringify(await stored()) === JSON.stringify(texts);
    await waitFor(storedAre(["second"]), 20_000, "the forwarded prompt to be stored (and the first one's row gone with its turn_started)");
    expect((await processApi(owner.hub.url, "POST", `/api/sessions/${session.id}/messages`, { text: "third" })).status).toBe(202);
    await waitFor(storedAre(["second", "third"]), 20_000, "both prompts to be stored, in order");
    // The first turn is still running (its stream hangs); no queued prompt has started.
    expect(userPrompts(await history(workerNode.hub.url, session.id))).toEqual(["first"]);

    await c.kill(owner, "SIGKILL");
    const events = await waitFor(async () => {
      const got = await history(workerNode.hub.url, session.id);
      return got.filter((e) => e.type === "turn_completed").length === 3 ? got : undefined;
    }, LEASE_MS * 10 + 30_000, "the takeover to close the first turn and run both queued prompts");

    const completions = events.flatMap((e) => (e.type === "turn_completed" ? [e.status] : []));
    expect(completions).toEqual(["failed", "completed", "completed"]);
    const failed = events.find((e) => e.type === "turn_completed" && e.status === "failed");
    expect(failed).toMatchObject({ error: expect.stringMatching(/^the hub node running this turn stopped; taken over by node-/) });
    expect(userPrompts(events)).toEqual(["first", "second", "third"]);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(await stored()).toEqual([]);
    const summary = (await processApi(other.hub.url, "GET", `/api/sessions/${session.id}`)).body.session as SessionSummary;
    expect(summary.status).toBe("waiting");

    // What every browser saw is the timeline, byte for byte, without a repeat.
    await waitFor(() => c.watchers.every((w) => w.node === owner.id || w.seen.size === events.length), 10_000, "every live browser to have the whole timeline");
    for (const watcher of c.watchers) {
      expect(watcher.duplicates).toEqual([]);
      for (const [seq, json] of watcher.seen) expect(json, `event ${seq} on ${watcher.node}`).toBe(JSON.stringify(events[seq - 1]));
    }
  });
});
