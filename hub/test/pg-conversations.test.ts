import type { ConversationState } from "@aiflare/core";
import { afterEach, describe, expect, it } from "vitest";
import { ConversationStore } from "../src/agent/conversation-store.js";
import { openDatabase, type PgDatabase } from "../src/cluster/pg-database.js";
import { PgLeases } from "../src/cluster/pg-leases.js";
import { PgSharedState } from "../src/cluster/pg-shared-state.js";
import { clusterSkipReason, scratchDatabase } from "./cluster-services.js";

const skip = await clusterSkipReason({ redis: false });

/** A stateless conversation of `turns` user / assistant pairs, each its own object. */
function conversation(turns: number, tag = ""): ConversationState {
  const history = [];
  for (let i = 0; i < turns; i++) {
    history.push({ type: "message", role: "user", content: [{ type: "input_text", text: `question ${i}${tag}` }] });
    history.push({ type: "message", role: "assistant", content: [{ type: "output_text", text: `answer ${i}${tag}` }] });
  }
  return { mode: "stateless", history, pending: [] } as unknown as ConversationState;
}

describe.skipIf(skip !== undefined)("the conversation log in PostgreSQL (cluster)", () => {
  const scratch = scratchDatabase();
  const dbs: PgDatabase[] = [];

  async function node(nodeId: string): Promise<{ db: PgDatabase; shared: PgSharedState; store: ConversationStore; leases: PgLeases }> {
    const db = await openDatabase(scratch.url, { max: 4 });
    dbs.push(db);
    const shared = new PgSharedState(db.pool, nodeId);
    return { db, shared, store: new ConversationStore({ backing: shared.conversations }), leases: new PgLeases({ pool: db.pool, nodeId, leaseMs: 60_000 }) };
  }

  const records = async (db: PgDatabase, sessionId: string) =>
    (await db.pool.query<{ record: Record<string, unknown> }>("SELECT record FROM conversation_log WHERE session_id = $1 ORDER BY n", [sessionId])).rows.map((row) => Object.keys(row.record)[0]);

  afterEach(async () => {
    for (const db of dbs.splice(0)) await db.close();
    await scratch.drop();
  });

  it("a step appends only what it added; another node reads the same conversation back", async () => {
    const a = await node("node-a");
    const b = await node("node-b");
    expect(await a.store.load("s1")).toBeUndefined();
    for (let turns = 1; turns <= 4; turns++) a.store.save("s1", conversation(turns));
    await a.store.flush();
    // Saves queued behind a write join it: the first write is the whole state, the rest additions.
    const written = await records(a.db, "s1");
    expect(written[0]).toBe("full");
    expect(written.slice(1).every((kind) => kind === "add")).toBe(true);
    expect(await b.store.load("s1")).toEqual(conversation(4));
    // The whole log holds each turn once: no whole state per step.
    const { rows } = await a.db.pool.query<{ bytes: number }>("SELECT sum(length(record::text))::int AS bytes FROM conversation_log WHERE session_id = 's1'");
    expect(rows[0]!.bytes).toBeLessThan(2 * JSON.stringify(conversation(4)).length);
    expect((await a.db.pool.query("SELECT 1 FROM conversations")).rows).toEqual([]);
  });

  it("a node whose view is stale (another node wrote since) writes the whole state instead of an addition that does not fit", async () => {
    const a = await node("node-a");
    const b = await node("node-b");
    a.store.save("s1", conversation(1));
    await a.store.flush();
    // node-b runs a turn: it loads, adds, saves.
    await b.store.load("s1");
    b.store.save("s1", conversation(2, " on b"));
    await b.store.flush();
    // node-a still believes the log ends with its own state and saves an addition to it.
    a.store.save("s1", conversation(3));
    await a.store.flush();
    expect(await records(a.db, "s1")).toEqual(["full", "full", "full"]);
    expect((await b.shared.conversations.read("s1")).state).toEqual(conversation(3));
    // Read back, the log goes on with additions again.
    await b.store.load("s1");
    b.store.save("s1", conversation(4));
    await b.store.flush();
    expect((await records(b.db, "s1")).at(-1)).toBe("add");
    expect((await a.shared.conversations.read("s1")).state).toEqual(conversation(4));
  });

  it("while another node holds the session's lease nothing is appended; an older hub's whole state is read until the log starts", async () => {
    const a = await node("node-a");
    const b = await node("node-b");
    await a.db.pool.query("INSERT INTO conversations (session_id, state) VALUES ('s1', $1)", [JSON.stringify(conversation(2))]);
    expect(await b.store.load("s1")).toEqual(conversation(2));
    expect(await a.leases.acquire("s1")).toBe(true);
    await expect(b.shared.conversations.append("s1", 0, { full: conversation(3) })).rejects.toThrow(/another node holds the session/);
    expect(await records(a.db, "s1")).toEqual([]);
    // The holder's first save starts the log with its whole state.
    await a.store.load("s1");
    a.store.save("s1", conversation(3));
    await a.store.flush();
    expect(await records(a.db, "s1")).toEqual(["full"]);
    expect((await b.shared.conversations.read("s1")).state).toEqual(conversation(3));
    await a.leases.close();
    await b.store.delete("s1");
    expect(await records(a.db, "s1")).toEqual([]);
    expect((await b.shared.conversations.read("s1")).state).toBeUndefined();
  });
});
