import type { ConversationState } from "@aiflare/core";
import { afterEach, describe, expect, it } from "vitest";
import { ConversationStore, type ConversationBacking } from "../src/agent/conversation-store.js";
import { ConversationSnapshots } from "../src/checkpoints/conversation-snapshots.js";
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

  async function node(nodeId: string): Promise<{ db: PgDatabase; shared: PgSharedState; store: ConversationStore; snapshots: ConversationSnapshots; leases: PgLeases; reads: string[] }> {
    const db = await openDatabase(scratch.url, { max: 4 });
    dbs.push(db);
    const shared = new PgSharedState(db.pool, nodeId);
    // The backing's reads as the store asks for them: "read" (the whole log) or "since <n>".
    const reads: string[] = [];
    const backing: ConversationBacking = {
      ...shared.conversations,
      read: (sessionId, untilMark) => (reads.push("read"), shared.conversations.read(sessionId, untilMark)),
      since: (sessionId, after) => (reads.push(`since ${after}`), shared.conversations.since(sessionId, after)),
    };
    const store = new ConversationStore({ backing });
    return { db, shared, store, snapshots: new ConversationSnapshots({ conversations: store, backing: shared.snapshots }), leases: new PgLeases({ pool: db.pool, nodeId, leaseMs: 60_000 }), reads };
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

  it("a node that read the log before reads only the records added since, another node's included", async () => {
    const a = await node("node-a");
    const b = await node("node-b");
    a.store.save("s1", conversation(2));
    await a.store.flush();
    expect(await b.store.load("s1")).toEqual(conversation(2));
    // Nothing new: no record is read, and the state is the node's own copy.
    const same = await b.store.load("s1");
    expect(same).toEqual(conversation(2));
    same!.history.pop();
    expect(await b.store.load("s1")).toEqual(conversation(2));
    // node-a adds a step and marks a snapshot: node-b reads those two records and nothing else.
    a.store.save("s1", conversation(3));
    await a.snapshots.take("s1", "t3", "after");
    await a.snapshots.flush();
    expect(await b.store.load("s1")).toEqual(conversation(3));
    expect(b.reads).toEqual(["read", "since 1", "since 1", "since 1"]);
    // node-b's own save goes on from there as an addition.
    b.store.save("s1", conversation(4));
    await b.store.flush();
    expect(await records(a.db, "s1")).toEqual(["full", "add", "mark", "add"]);
    expect(await a.store.load("s1")).toEqual(conversation(4));
    expect(a.reads.at(-1)).toBe("since 3");
  });

  it("turn snapshots are marks in the log, read back by any node and copied with a fork; an empty log's snapshot is a row", async () => {
    const a = await node("node-a");
    const b = await node("node-b");
    // The first turn's "before": no conversation yet, so a row holding none.
    await a.snapshots.take("s1", "t1", "before");
    a.store.save("s1", conversation(1));
    await a.snapshots.take("s1", "t1", "after");
    await a.snapshots.take("s1", "t2", "before");
    a.store.save("s1", conversation(2));
    // Taken before this save is written, and marked after it (the save queue keeps the order).
    await a.snapshots.take("s1", "t2", "after");
    a.store.save("s1", conversation(3, " third"));
    await a.snapshots.flush();
    await a.store.flush();
    expect(await records(a.db, "s1")).toEqual(["full", "mark", "mark", "add", "mark", "full"]);
    const rows = await a.db.pool.query<{ state: unknown }>("SELECT state FROM conversation_snapshots WHERE session_id = 's1'");
    expect(rows.rows).toEqual([{ state: null }]);

    expect(await b.snapshots.get("s1", "t1", "before")).toBeNull();
    expect(await b.snapshots.get("s1", "t1", "after")).toEqual(conversation(1));
    expect(await b.snapshots.get("s1", "t2", "before")).toEqual(conversation(1));
    expect(await b.snapshots.get("s1", "t2", "after")).toEqual(conversation(2));
    expect(await b.snapshots.get("s1", "t9", "after")).toBeUndefined();

    // A fork keeps the snapshots of the turns it copied: its log is a copy, marks included.
    await b.snapshots.copy("s1", "fork", ["t1", "t2"]);
    expect(await a.snapshots.get("fork", "t2", "before")).toEqual(conversation(1));
    expect(await a.snapshots.get("fork", "t1", "before")).toBeNull();
    b.store.save("fork", conversation(2));
    await b.store.flush();
    expect(await records(a.db, "fork")).toEqual(["full", "mark", "mark", "add", "mark", "full", "full"]);
    expect(await a.store.load("fork")).toEqual(conversation(2));

    // A revert puts a snapshot back: the log goes on with it as a whole state.
    await b.store.load("s1");
    b.store.save("s1", (await b.snapshots.get("s1", "t2", "before"))!);
    await b.store.flush();
    expect(await a.store.load("s1")).toEqual(conversation(1));
    expect(await a.snapshots.get("s1", "t2", "after")).toEqual(conversation(2));
  });
});
