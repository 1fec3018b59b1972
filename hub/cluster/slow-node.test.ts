import type { SessionEvent, SessionSummary } from "@aiflare/protocol";
import pg from "pg";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { clusterSkipReason, TEST_DATABASE_URL, uniqueName } from "../test/cluster-services.js";
import { sleep, waitFor } from "../test/helpers.js";
import { processApi } from "../test/hub-process.js";
import { agentScript, Cluster } from "./cluster-harness.js";

const skip = await clusterSkipReason();
const LEASE_MS = 1_000;

/** Every turn_completed after its own turn_started, once; seqs 1..n. */
function expectWellFormed(events: readonly SessionEvent[]): void {
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  const open = new Set<string>();
  for (const event of events) {
    if (event.type === "turn_started") open.add(event.turnId);
    if (event.type === "turn_completed") expect(open.delete(event.turnId), `turn_completed at seq ${event.seq} has its turn_started`).toBe(true);
  }
}

describe.skipIf(skip !== undefined)("a slow but live owner (real hub processes on PostgreSQL and Redis)", () => {
  let cluster: Cluster | undefined;
  const admin = new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 1 });
  afterEach(async () => {
    await cluster?.close();
    cluster = undefined;
  });
  afterAll(() => admin.end());

  it("PostgreSQL ending the owner's connections mid-turn does not stop its turn: writes are tried again, the turn completes, no takeover", async () => {
    cluster = await Cluster.start(LEASE_MS, agentScript(200, 15));
    const c = cluster;
    const workerNode = await c.spawn();
    const owner = await c.spawn(uniqueName("slow"));
    await c.spawn();
    const workerId = await c.worker(workerNode, 10);
    const session = (await processApi(workerNode.hub.url, "POST", "/api/sessions", { workerId, workdir: "/tmp" })).body.session as SessionSummary;
    for (const node of c.nodes) await waitFor(async () => (await processApi(node.hub.url, "GET", `/api/sessions/${session.id}`)).status === 200, 10_000, "every node to know the session");
    const watchers = [await c.watch(workerNode, session.id), await c.watch(owner, session.id)];
    const history = async () => (await processApi(workerNode.hub.url, "GET", `/api/sessions/${session.id}/history`)).body.events as SessionEvent[];

    expect((await processApi(owner.hub.url, "POST", `/api/sessions/${session.id}/messages`, { text: "long one" })).status).toBe(202);
    await waitFor(() => [...watchers[0]!.seen.values()].some((json) => json.includes('"message_delta"')), 20_000, "the stream to start");
    // End the owner's busy connections (mid-statement or idle in a transaction) until three writes failed and were tried again.
    const retries = () => owner.hub.stderr().split("session write failed; trying again").length - 1;
    let terminated = 0;
    while (retries() < 3 && !(await history()).some((e) => e.type === "turn_completed")) {
      const { rowCount } = await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND state <> 'idle'", [`aiflare ${owner.id}`]);
      terminated += rowCount ?? 0;
      await sleep(5);
    }
    expect(retries(), `writes tried again (${terminated} connections ended)`).toBeGreaterThan(0);

    const events = await waitFor(async () => {
      const all = await history();
      return all.some((e) => e.type === "turn_completed") ? all : undefined;
    }, 60_000, "the turn to end");
    expect(events.filter((e) => e.type === "turn_completed")).toMatchObject([{ status: "completed" }]);
    expect(events.filter((e) => e.type === "notice")).toEqual([]);
    expectWellFormed(events);
    expect(owner.hub.stderr()).not.toContain("write refused");
    await waitFor(async () => ((await processApi(workerNode.hub.url, "GET", `/api/sessions/${session.id}`)).body.session as SessionSummary).status === "waiting", 10_000, "the session to wait");
    await sleep(300);
    for (const watcher of watchers) {
      expect(watcher.duplicates).toEqual([]);
      for (const [seq, json] of watcher.seen) expect(json, `event ${seq} as the browser on ${watcher.node} saw it`).toBe(JSON.stringify(events[seq - 1]));
    }
    console.log(`connections ended: ${terminated}; writes tried again: ${retries()}`);
  });
});
