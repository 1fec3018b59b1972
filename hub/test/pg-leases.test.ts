import { afterEach, describe, expect, it } from "vitest";
import { openDatabase, type PgDatabase } from "../src/cluster/pg-database.js";
import { PgLeases } from "../src/cluster/pg-leases.js";
import { PromptQueue } from "../src/cluster/prompt-queue.js";
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
  prompts: PromptQueue;
}

describe.skipIf(skip !== undefined)("leases with a fencing epoch (PostgreSQL)", () => {
  const scratch = scratchDatabase();
  const nodes: Node[] = [];

  async function node(nodeId: string, leaseMs: number): Promise<Node> {
    const db = await openDatabase(scratch.url, { max: 4 });
    const lost: string[] = [];
    const leases = new PgLeases({ pool: db.pool, nodeId, leaseMs, onLost: (id) => lost.push(id) });
    const prompts = new PromptQueue(db.pool, nodeId);
    const persistence = new PgTimelinePersistence({ pool: db.pool, fence: leases, inAppend: (client, id, records) => prompts.inAppend(client, id, records) });
    const store = new SessionStore({ persistence, coalesceMs: 0 });
    await store.load();
    const refused: WriteRefusedError[] = [];
    store.subscribe({ onRefused: (_id, error) => refused.push(error) });
    const made = { db, leases, persistence, store, refused, lost, prompts };
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

  it("a lone write takes no lease: another node acquires right after it; while a node holds the lease, others' lone writes are refused", async () => {
    const a = await node("node-a", 60_000);
    const b = await node("node-b", 60_000);
    const { id } = await a.store.create(newSession);
    expect(a.leases.isHeld(id)).toBe(false);
    expect(await b.leases.holder(id)).toBeUndefined();
    expect(await b.leases.acquire(id)).toBe(true);
    const log = await b.persistence.load(id);
    if (!log) throw new Error("session not stored");
    b.store.reload(log);
    // node-b runs the session now: node-a's summary change is refused, node-b's goes through.
    a.store.update(id, { title: "from a" });
    await a.store.flush();
    expect(a.refused.map((e) => e.sessionId)).toEqual([id]);
    expect(a.store.get(id)?.title).toBe("t");
    b.store.update(id, { title: "from b" });
    await b.store.flush();
    expect(b.refused).toEqual([]);
    // Handed back: node-a's lone write goes through again, still without taking the lease.
    await b.leases.release(id);
    a.store.update(id, { title: "from a, later" });
    await a.store.flush();
    expect(a.refused).toHaveLength(1);
    expect(a.leases.isHeld(id)).toBe(false);
    const stored = await b.persistence.load(id);
    expect((stored?.records[0] as { v: { title: string } }).v.title).toBe("from a, later");
  });
  it("queued prompts are stored while the lease is held, leave the table with their turn_started, and wait for the next owner", async () => {
    const a = await node("node-a", 300);
    const b = await node("node-b", 300);
    const { id } = await a.store.create(newSession);
    await a.leases.acquire(id);
    const epochA = a.leases.epochOf(id) ?? 0;
    for (const text of ["one", "two", "three"]) expect(await a.prompts.add(id, epochA, text)).toBe(true);
    const stored = async () => (await b.db.pool.query<{ text: string }>("SELECT text FROM prompts WHERE session_id = $1 ORDER BY id", [id])).rows.map((row) => row.text);
    expect(await stored()).toEqual(["one", "two", "three"]);

    // "one" starts: its row goes in the transaction that writes its turn_started, not before.
    expect(a.prompts.next(id)?.text).toBe("one");
    expect(await stored()).toEqual(["one", "two", "three"]);
    a.store.append(id, { type: "turn_started", turnId: "t1" });
    await a.store.flush();
    expect(await stored()).toEqual(["two", "three"]);

    // node-a stops renewing (killed): node-b takes the session and adopts what node-a left queued.
    await waitFor(() => b.leases.acquire(id), 10_000, "node-b takes the expired lease");
    expect(await b.leases.expiredWithWork()).toEqual([]);
    expect(await b.prompts.adopt(id)).toBe(2);
    expect(b.prompts.size(id)).toBe(2);
    // node-a, resumed, can neither queue nor drop anything any more.
    expect(await a.prompts.add(id, epochA, "late")).toBe(false);
    await a.prompts.drop(id, epochA);
    expect(await stored()).toEqual(["two", "three"]);
    // "two" starts on node-b; a cancel there drops "three", here and in the table.
    const log = await b.persistence.load(id);
    if (!log) throw new Error("session not stored");
    b.store.reload(log);
    expect(b.prompts.next(id)?.text).toBe("two");
    b.store.append(id, { type: "turn_started", turnId: "t2" });
    await b.store.flush();
    expect(await stored()).toEqual(["three"]);
    expect(await b.prompts.drop(id, b.leases.epochOf(id))).toBe(1);
    expect(await stored()).toEqual([]);
  });

  it("a session whose owner died between turns with prompts queued is a takeover candidate", async () => {
    const a = await node("node-a", 60_000);
    const b = await node("node-b", 60_000);
    const { id } = await a.store.create(newSession);
    await a.leases.acquire(id);
    await a.prompts.add(id, a.leases.epochOf(id) ?? 0, "queued");
    expect(await b.leases.expiredWithWork()).toEqual([]);
    await b.db.pool.query("UPDATE leases SET expires_at = now() - interval '1 second' WHERE session_id = $1", [id]);
    expect(a.store.get(id)?.status).toBe("waiting");
    expect(await b.leases.expiredWithWork()).toEqual([id]);
  });
});
