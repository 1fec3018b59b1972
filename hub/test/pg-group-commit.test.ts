import { describe, expect, it } from "vitest";
import { clusterSkipReason } from "./cluster-services.js";
import { newSession, scratchNodes, statementsOf } from "./pg-nodes.js";

const skip = await clusterSkipReason({ redis: false });

describe.skipIf(skip !== undefined)("group commit in PostgreSQL, fenced by leases", () => {
  const { node } = scratchNodes();

  it("a group commit writes held sessions' batches in one statement and the others' in one transaction; the fence refuses the sessions of other nodes alone", async () => {
    const a = await node("node-a", 60_000);
    const b = await node("node-b", 60_000);
    const create = async () => (await a.store.create(newSession)).id;
    const [held, takenOver, lone, others] = [await create(), await create(), await create(), await create()];
    for (const id of [held, takenOver]) expect(await a.leases.acquire(id)).toBe(true);
    // node-b takes `takenOver` once its lease ran out (node-a paused) and holds `others`, which node-a never held.
    await b.db.pool.query("UPDATE leases SET expires_at = '-infinity' WHERE session_id = $1", [takenOver]);
    expect(await b.leases.acquire(takenOver)).toBe(true);
    expect(await b.leases.acquire(others)).toBe(true);
    const statements = statementsOf(a.db.pool);
    a.written.splice(0); // the sessions' creation

    // Appended in one event-loop turn: one group.
    for (const id of [held, takenOver, lone, others]) a.store.append(id, { type: "notice", level: "info", text: `to ${id}` });
    await a.store.flush();

    // The held sessions' streaming batches in one statement; beside it one transaction with the
    // others' lease rows locked in id order, their fence (a lone write's lease row each) and one insert of their events.
    expect([...statements].sort()).toEqual(["BEGIN", "COMMIT", "INSERT", "INSERT", "INSERT", "SELECT", "WITH"]);
    expect(a.refused.map((e) => e.sessionId).sort()).toEqual([takenOver, others].sort());
    expect(a.lost).toEqual([takenOver]);
    // The written batches are passed on together (a cluster node's one bus message for the group).
    expect(a.written.map((ids) => [...ids].sort())).toEqual([[held, lone].sort()]);
    expect(a.leases.isHeld(held)).toBe(true);
    const stored = async (id: string) => ((await b.persistence.eventsAfter(id, 0)) as { type: string; text?: string }[]).map((e) => e.text ?? e.type);
    expect(await stored(held)).toEqual([`to ${held}`]);
    expect(await stored(lone)).toEqual([`to ${lone}`]);
    expect(await stored(takenOver)).toEqual([]);
    expect(await stored(others)).toEqual([]);
    // The group extended the held lease as a lone append does.
    const { rows } = await a.db.pool.query<{ left: number }>("SELECT extract(epoch FROM expires_at - now()) * 1000 AS left FROM leases WHERE session_id = $1", [held]);
    expect(Number(rows[0]?.left)).toBeGreaterThan(50_000);
  });

  it("a batch PostgreSQL rejects in a group commit fails alone: every other batch of the group is written", async () => {
    const a = await node("node-a", 60_000);
    const ids = await Promise.all([0, 1, 2].map(async () => (await a.store.create(newSession)).id));
    for (const id of ids) await a.leases.acquire(id);
    const bad = ids[1] ?? "";
    await a.db.pool.query(`CREATE FUNCTION reject_one() RETURNS trigger AS $$ BEGIN IF NEW.session_id = '${bad}' THEN RAISE EXCEPTION 'rejected by the test'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`);
    await a.db.pool.query("CREATE TRIGGER reject_one BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION reject_one()");
    const published: string[] = [];
    a.store.subscribe({ onEvents: (id) => published.push(id) });

    for (const id of ids) a.store.append(id, { type: "notice", level: "info", text: "hello" });
    await a.store.flush();

    expect(a.refused.map((e) => e.sessionId)).toEqual([bad]);
    expect(published.sort()).toEqual(ids.filter((id) => id !== bad).sort());
    for (const id of ids) expect((await a.persistence.eventsAfter(id, 0)).length).toBe(id === bad ? 0 : 1);
  });
  it("streaming batches of held sessions go in one statement: the fence, summaries and events; a session taken over meanwhile is refused alone", async () => {
    const a = await node("node-a", 60_000);
    const b = await node("node-b", 60_000);
    const ids = [(await a.store.create(newSession)).id, (await a.store.create(newSession)).id, (await a.store.create(newSession)).id];
    for (const id of ids) await a.leases.acquire(id);
    const [first, takenOver, third] = ids as [string, string, string];
    await b.db.pool.query("UPDATE leases SET expires_at = '-infinity' WHERE session_id = $1", [takenOver]);
    expect(await b.leases.acquire(takenOver)).toBe(true);
    const statements = statementsOf(a.db.pool);

    for (const id of ids) {
      a.store.append(id, { type: "message_delta", messageId: "m1", delta: `to ${id}` });
      a.store.update(id, { status: "running" });
    }
    await a.store.flush();

    expect(statements).toEqual(["WITH"]);
    expect(a.refused.map((e) => e.sessionId)).toEqual([takenOver]);
    expect(a.lost).toEqual([takenOver]);
    for (const id of [first, third]) {
      expect(((await b.persistence.eventsAfter(id, 0)) as { delta: string }[]).map((e) => e.delta)).toEqual([`to ${id}`]);
      expect((await b.persistence.load(id))?.records[0]).toMatchObject({ v: { status: "running" } });
    }
    expect(await b.persistence.eventsAfter(takenOver, 0)).toEqual([]);
    expect((await b.persistence.load(takenOver))?.records[0]).toMatchObject({ v: { status: "waiting" } });
    // The statement extended the held leases as a transaction's fence does.
    const { rows } = await a.db.pool.query<{ left: number }>("SELECT extract(epoch FROM expires_at - now()) * 1000 AS left FROM leases WHERE session_id = $1", [first]);
    expect(Number(rows[0]?.left)).toBeGreaterThan(50_000);
  });
});
