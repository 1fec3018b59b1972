import { afterEach, describe, expect, it } from "vitest";
import { openDatabase, type PgDatabase } from "../src/cluster/pg-database.js";
import { PgLeases } from "../src/cluster/pg-leases.js";
import { PgTimelinePersistence } from "../src/store/pg-persistence.js";
import { SessionStore } from "../src/store/session-store.js";
import type { WriteRefusedError } from "../src/store/write-refused.js";
import { clusterSkipReason, scratchDatabase } from "./cluster-services.js";
import { waitFor } from "./helpers.js";

const skip = await clusterSkipReason({ redis: false });
const newSession = { workerId: "w1", workdir: "/tmp/x", model: "m", title: "t", approvalPolicy: "full-auto" as const };

/** One cluster node's storage: a pool, its leases (the fence) and a store on them. */
interface Node {
  db: PgDatabase;
  leases: PgLeases;
  persistence: PgTimelinePersistence;
  store: SessionStore;
  refused: WriteRefusedError[];
  lost: string[];
}

describe.skipIf(skip !== undefined)("leases with a fencing epoch (PostgreSQL)", () => {
  const scratch = scratchDatabase();
  const nodes: Node[] = [];

  async function node(nodeId: string, leaseMs: number): Promise<Node> {
    const db = await openDatabase(scratch.url, { max: 4 });
    const lost: string[] = [];
    const leases = new PgLeases({ pool: db.pool, nodeId, leaseMs, onLost: (id) => lost.push(id) });
    const persistence = new PgTimelinePersistence({ pool: db.pool, fence: leases });
    const store = new SessionStore({ persistence, coalesceMs: 0 });
    await store.load();
    const refused: WriteRefusedError[] = [];
    store.subscribe({ onRefused: (_id, error) => refused.push(error) });
    const made = { db, leases, persistence, store, refused, lost };
    nodes.push(made);
    return made;
  }

  afterEach(async () => {
    for (const n of nodes.splice(0)) {
      await n.leases.close();
      await n.store.close();
      await n.db.close();
    }
    await scratch.drop();
  });

  it("a paused owner's writes are refused once another node took over; the new owner continues the seqs", async () => {
    const a = await node("node-a", 300);
    const b = await node("node-b", 300);
    const { id } = await a.store.create(newSession);
    expect(await a.leases.acquire(id)).toBe(true);
    a.store.append(id, { type: "turn_started", turnId: "t1" });
    await a.store.flush();
    expect(await b.leases.acquire(id)).toBe(false);
    expect(await b.leases.holder(id)).toBe("node-a");
    const epochA = a.leases.epochOf(id) ?? 0;

    // node-a never renews (as if SIGSTOPped): node-b gets the session once the lease ran out.
    await waitFor(() => b.leases.acquire(id), 10_000, "node-b takes the expired lease");
    expect(b.leases.epochOf(id)).toBe(epochA + 1);
    const log = await b.persistence.load(id);
    if (!log) throw new Error("session not stored");
    b.store.reload(log);
    b.store.append(id, { type: "notice", level: "warning", text: "taken over by node-b" });
    await b.store.flush();

    // node-a wakes up and writes: refused inside the transaction, nothing committed or published.
    const published: number[] = [];
    a.store.subscribe({ onEvents: (_id, events) => published.push(...events.map((e) => e.seq)) });
    a.store.append(id, { type: "message", messageId: "m1", role: "assistant", text: "late" });
    await a.store.flush();
    expect(a.refused.map((e) => e.sessionId)).toEqual([id]);
    expect(published).toEqual([]);
    expect(a.store.eventsAfter(id).lastSeq).toBe(1);
    expect(a.leases.isHeld(id)).toBe(false);

    // Later writes from node-a are refused too (no implicit claim of a lost session).
    a.store.append(id, { type: "notice", level: "info", text: "still late" });
    await a.store.flush();
    expect(a.refused).toHaveLength(2);

    const stored = (await b.persistence.eventsAfter(id, 0)) as { seq: number; type: string }[];
    expect(stored.map((e) => [e.seq, e.type])).toEqual([
      [1, "turn_started"],
      [2, "notice"],
    ]);
  });

  it("renewal keeps a lease; a renewal that finds another owner reports the lease lost", async () => {
    const a = await node("node-a", 300);
    const b = await node("node-b", 300);
    const { id } = await a.store.create(newSession);
    await a.leases.acquire(id);
    a.leases.start();
    // While node-a renews, node-b never gets it, however often it tries.
    for (let i = 0; i < 5; i++) {
      expect(await b.leases.acquire(id)).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    // Force the lease away behind node-a's back (an operator, or a long pause): the next renewal notices.
    await a.db.pool.query("UPDATE leases SET node = 'node-b', epoch = epoch + 1 WHERE session_id = $1", [id]);
    await a.leases.renew();
    expect(a.lost).toEqual([id]);
    expect(a.leases.isHeld(id)).toBe(false);
  });

  it("a graceful shutdown hands leases back at once; sweeps find expired sessions with work", async () => {
    const a = await node("node-a", 60_000);
    const b = await node("node-b", 60_000);
    const { id } = await a.store.create(newSession);
    await a.leases.acquire(id);
    a.store.update(id, { status: "running" });
    await a.store.flush();
    expect(await b.leases.acquire(id)).toBe(false);
    expect(await b.leases.expiredWithWork()).toEqual([]);
    await a.leases.close();
    expect(await b.leases.expiredWithWork()).toEqual([id]);
    expect(await b.leases.acquire(id)).toBe(true);
    expect(await b.leases.expiredWithWork()).toEqual([]);
  });

  it("a lone write claims a free session and hands it back when idle", async () => {
    const a = await node("node-a", 300);
    const b = await node("node-b", 300);
    const { id } = await a.store.create(newSession);
    expect(a.leases.isHeld(id)).toBe(true);
    a.leases.start();
    await waitFor(() => !a.leases.isHeld(id), 10_000, "the idle lease goes back");
    expect(await b.leases.acquire(id)).toBe(true);
  });
});
