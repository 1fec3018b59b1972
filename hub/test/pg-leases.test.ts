import type pg from "pg";
import { describe, expect, it } from "vitest";
import { closeTakenOverTurn } from "../src/cluster/takeover.js";
import { clusterSkipReason } from "./cluster-services.js";
import { waitFor } from "./helpers.js";
import { newSession, scratchNodes, type Node } from "./pg-nodes.js";

const skip = await clusterSkipReason({ redis: false });

describe.skipIf(skip !== undefined)("leases with a fencing epoch (PostgreSQL)", () => {
  const { node } = scratchNodes();

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
  /** The stored timeline as [seq, type, status?]; checks it is well-formed: seqs 1..n, every turn closed at most once and only after its start. */
  async function wellFormed(n: Node, id: string): Promise<string[][]> {
    const stored = (await n.persistence.eventsAfter(id, 0)) as { seq: number; type: string; turnId?: string; status?: string }[];
    expect(stored.map((e) => e.seq)).toEqual(stored.map((_, i) => i + 1));
    const open = new Set<string>();
    for (const event of stored) {
      if (event.type === "turn_started") open.add(event.turnId ?? "");
      if (event.type === "turn_completed") expect(open.delete(event.turnId ?? ""), `turn_completed of ${event.turnId} at seq ${event.seq} has its turn_started`).toBe(true);
    }
    return stored.map((e) => [String(e.seq), e.type, ...(e.status ? [e.status] : [])]);
  }

  /** Ends the transaction's server process from another connection (what an operator or a server restart does). */
  async function terminate(killer: pg.Pool, client: pg.PoolClient): Promise<void> {
    const { rows } = await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
    await killer.query("SELECT pg_terminate_backend($1)", [rows[0]?.pid]);
  }

  /** A `beforeWrite` that, while armed, has PostgreSQL end the writing connection once (then disarms). */
  function killsOnce(killer: Node, armed: boolean) {
    const trap = {
      armed,
      beforeWrite: async (client: pg.PoolClient) => {
        if (!trap.armed) return;
        trap.armed = false;
        await terminate(killer.db.pool, client);
      },
    };
    return trap;
  }

  /** What `turn` writes, as `wellFormed` lists it. */
  const WHOLE_TURN = [
    ["1", "turn_started"],
    ["2", "message"],
    ["3", "turn_completed", "completed"],
  ];

  async function turn(n: Node, id: string): Promise<void> {
    n.store.update(id, { status: "running" });
    n.store.append(id, { type: "turn_started", turnId: "t1" });
    await n.store.flush();
    n.store.append(id, { type: "message", messageId: "m1", role: "assistant", text: "hello" });
    n.store.append(id, { type: "turn_completed", turnId: "t1", status: "completed" });
    n.store.update(id, { status: "waiting" });
    await n.store.flush();
  }

  it("an owner whose connection PostgreSQL ends mid-transaction writes the batch again on a fresh one: its turn goes on", async () => {
    const killer = await node("killer", 60_000);
    const trap = killsOnce(killer, true);
    const a = await node("node-a", 1_000, { retry: true, beforeWrite: trap.beforeWrite });
    const { id } = await a.store.create(newSession);
    await a.leases.acquire(id);
    expect(await a.prompts.add(id, a.leases.epochOf(id) ?? 0, "hello")).toBe(true);
    expect(a.prompts.next(id)?.text).toBe("hello");
    trap.armed = true;
    await turn(a, id);
    expect(trap.armed).toBe(false);
    // The retried transaction took the prompt's row out with its turn_started, as the first try would have.
    expect((await a.db.pool.query("SELECT id FROM prompts WHERE session_id = $1", [id])).rows).toEqual([]);
    expect(a.refused).toEqual([]);
    expect(a.lost).toEqual([]);
    expect(a.leases.isHeld(id)).toBe(true);
    expect(await wellFormed(a, id)).toEqual(WHOLE_TURN);
    expect(a.store.eventsAfter(id).lastSeq).toBe(3);
    expect((await a.persistence.load(id))?.records[0]).toMatchObject({ v: { status: "waiting" } });
  });

  it("a slow owner whose transaction the server ended (idle past the lease time) writes it again while the lease is still its own", async () => {
    let slow = false;
    const a = await node("node-a", 500, {
      retry: true,
      beforeWrite: async () => {
        if (!slow) return;
        slow = false;
        await new Promise((resolve) => setTimeout(resolve, 900)); // a starved event loop between two statements
      },
    });
    const b = await node("node-b", 500);
    const { id } = await a.store.create(newSession);
    await a.leases.acquire(id);
    const epoch = a.leases.epochOf(id);
    slow = true;
    await turn(a, id);
    expect(slow).toBe(false);
    expect(a.refused).toEqual([]);
    expect(a.leases.isHeld(id)).toBe(true);
    expect(await wellFormed(a, id)).toEqual(WHOLE_TURN);
    // Written under the epoch node-a took: no other node owned the session meanwhile.
    const { rows } = await b.db.pool.query<{ node: string; epoch: string }>("SELECT node, epoch FROM leases WHERE session_id = $1", [id]);
    expect(rows).toEqual([{ node: "node-a", epoch: String(epoch) }]);
  });

  it("a write that keeps failing past the lease time stops the turn and every later write of it: no turn close without its start", async () => {
    const killer = await node("killer", 60_000);
    let failing = false;
    const a = await node("node-a", 500, {
      retry: true,
      beforeWrite: async (client) => {
        if (failing) await terminate(killer.db.pool, client);
      },
    });
    const { id } = await a.store.create(newSession);
    await a.leases.acquire(id);
    failing = true;
    a.store.update(id, { status: "running" });
    a.store.append(id, { type: "turn_started", turnId: "t1" });
    await a.store.flush();
    expect(a.refused.map((e) => e.message)).toEqual([expect.stringMatching(/^write failed: /)]);
    expect(a.leases.isHeld(id)).toBe(false);
    expect(a.lost).toEqual([id]);
    // The runner stops the turn (the store told it): its close is refused too, even with PostgreSQL back.
    failing = false;
    a.store.append(id, { type: "turn_completed", turnId: "t1", status: "canceled" });
    a.store.update(id, { status: "waiting" });
    await a.store.flush();
    expect(a.refused).toHaveLength(2);
    expect(await wellFormed(a, id)).toEqual([]);
    expect(a.store.eventsAfter(id).lastSeq).toBe(0);
  });

  it("a takeover whose write failed once is written again: the session waits, no other node takes it over a second time", async () => {
    const killer = await node("killer", 60_000);
    const a = await node("node-a", 500);
    const trap = killsOnce(killer, false);
    const b = await node("node-b", 500, { retry: true, beforeWrite: trap.beforeWrite });
    const c = await node("node-c", 500);
    const { id } = await a.store.create(newSession);
    await a.leases.acquire(id);
    a.store.update(id, { status: "running" });
    a.store.append(id, { type: "turn_started", turnId: "t1" });
    await a.store.flush();

    // node-a stops renewing; node-b takes the session over the way ClusterTurns does.
    await waitFor(async () => (await b.leases.expiredWithWork()).includes(id), 10_000, "node-a's lease to expire");
    expect(await b.leases.acquire(id)).toBe(true);
    const log = await b.persistence.load(id);
    if (!log) throw new Error("session not stored");
    b.store.reload(log);
    trap.armed = true;
    expect(closeTakenOverTurn(b.store, id, "node-b")).toBe("t1");
    b.store.update(id, { node: "node-b" });
    await b.store.flush();
    expect(trap.armed).toBe(false);
    b.store.update(id, { node: undefined });
    await b.store.flush();
    await b.leases.release(id);

    expect(b.refused).toEqual([]);
    expect(await c.leases.expiredWithWork()).toEqual([]);
    expect((await c.persistence.load(id))?.records[0]).toMatchObject({ v: { status: "waiting" } });
    expect(await wellFormed(c, id)).toEqual([
      ["1", "turn_started"],
      ["2", "notice"],
      ["3", "turn_completed", "failed"],
    ]);
    // Even if a sweep had seen it busy: a takeover with no turn open adds no notice.
    c.store.reload((await c.persistence.load(id))!);
    expect(await c.leases.acquire(id)).toBe(true);
    expect(closeTakenOverTurn(c.store, id, "node-c")).toBeUndefined();
    await c.store.flush();
    expect(await wellFormed(c, id)).toHaveLength(3);
  });
});
