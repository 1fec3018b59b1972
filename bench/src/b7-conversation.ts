import type { ConversationState } from "@aiflare/core";
import { ConversationSnapshots, ConversationStore, openDatabase, PgSharedState } from "@aiflare/hub";
import type pg from "pg";
import { clusterSkipReason, Scratch } from "./cluster-services.js";
import type { Row } from "./stats.js";

const item = (i: number) => ({ type: "message" as const, role: "user" as const, content: `item ${i} ${"x".repeat(1000)}` });
const state = (n: number): ConversationState => ({ mode: "stateless", history: Array.from({ length: n }, (_, i) => item(i)), pending: [item(-n)] });

/** Wall ms per step and WAL bytes per step of `steps` saves that each add one item to a history of `items`. */
async function stepCost(pool: pg.Pool, steps: number, items: number, save: (state: ConversationState) => Promise<void>): Promise<{ ms: number; walBytes: number }> {
  const states = Array.from({ length: steps }, (_, i) => state(items + i + 1)); // made before timing: the agent loop's copy is not the store's cost
  await save(state(items));
  const lsn = async () => (await pool.query<{ lsn: string }>("SELECT pg_current_wal_lsn() AS lsn")).rows[0]!.lsn;
  const from = await lsn();
  const started = performance.now();
  for (const next of states) await save(next);
  const ms = (performance.now() - started) / steps;
  const { rows } = await pool.query<{ bytes: string }>("SELECT pg_wal_lsn_diff($1, $2) AS bytes", [await lsn(), from]);
  return { ms, walBytes: Number(rows[0]!.bytes) / steps };
}

/**
 * B7, the conversation in a cluster: one agent step's save in a long session (a 2 MB history),
 * the append-only log in PostgreSQL against upserting the whole state per step (how cluster
 * conversations were saved before the log), measured in the same run. Wall time per step (the
 * work is PostgreSQL's, in another process) and WAL written per step.
 */
export async function benchClusterConversation(options: { items: number; steps: number }): Promise<Row[]> {
  if (await clusterSkipReason()) return []; // benchCluster already reported the skip
  const scratch = new Scratch();
  const db = await openDatabase(scratch.databaseUrl, { max: 2 });
  try {
    const store = new ConversationStore({ backing: new PgSharedState(db.pool, "bench").conversations });
    await store.load("log");
    const log = await stepCost(db.pool, options.steps, options.items, async (next) => {
      store.save("log", next);
      await store.flushSession("log");
    });
    const whole = await stepCost(db.pool, options.steps, options.items, async (next) => {
      await db.pool.query("INSERT INTO conversations (session_id, state) VALUES ('whole', $1) ON CONFLICT (session_id) DO UPDATE SET state = EXCLUDED.state, updated_at = now()", [JSON.stringify(next)]);
    });
    const mb = (Buffer.byteLength(JSON.stringify(state(options.items + options.steps))) / 1e6).toFixed(1);
    const note = `${options.steps} steps, each adding one 1 kB item to a ${mb} MB history; baseline: the whole state upserted per step (jsonb, TOAST-compressed)`;
    // A whole turn's conversation work on a cluster node: load at its start, the "before"
    // snapshot, the step's save, the "after" snapshot. Now: the records since this node's last
    // read, two mark records and the addition. Baseline, the same calls as before the marks:
    // every load and snapshot read the whole log, and each snapshot upserted the whole state.
    const shared = new PgSharedState(db.pool, "bench");
    const turnStore = new ConversationStore({ backing: shared.conversations });
    const snapshots = new ConversationSnapshots({ conversations: turnStore, backing: shared.snapshots });
    let turn = 0;
    const marked = await stepCost(db.pool, options.steps, options.items, async (next) => {
      await turnStore.load("turns");
      await snapshots.take("turns", `t${++turn}`, "before");
      turnStore.save("turns", next);
      await snapshots.take("turns", `t${turn}`, "after");
      await snapshots.flush();
    });
    const wholeStore = new ConversationStore({ backing: shared.conversations });
    const wholeSnapshot = async (key: string) => shared.snapshots.put("whole-turns", key, (await shared.conversations.read("whole-turns")).state ?? null);
    const rows = await stepCost(db.pool, options.steps, options.items, async (next) => {
      await shared.conversations.read("whole-turns");
      await wholeSnapshot(`t${++turn}.before`);
      wholeStore.save("whole-turns", next);
      await wholeStore.flushSession("whole-turns");
      await wholeSnapshot(`t${turn}.after`);
    });
    const turnNote = `${options.steps} turns of one step each in a ${mb} MB history: load, snapshot, save, snapshot; baseline: each load and snapshot reading the whole log, each snapshot a whole-state row (before snapshots were marks)`;
    return [
      { id: "B7", metric: `conversation step in PostgreSQL, ${mb} MB history: time`, aiflare: log.ms, baseline: whole.ms, unit: "ms", ratio: log.ms / whole.ms, target: "info", note },
      { id: "B7", metric: `conversation step in PostgreSQL, ${mb} MB history: WAL`, aiflare: log.walBytes, baseline: whole.walBytes, unit: "B", ratio: log.walBytes / whole.walBytes, target: "info", note },
      { id: "B7", metric: `conversation turn in PostgreSQL, ${mb} MB history: time`, aiflare: marked.ms, baseline: rows.ms, unit: "ms", ratio: marked.ms / rows.ms, target: "info", note: turnNote },
      { id: "B7", metric: `conversation turn in PostgreSQL, ${mb} MB history: WAL`, aiflare: marked.walBytes, baseline: rows.walBytes, unit: "B", ratio: marked.walBytes / rows.walBytes, target: "info", note: turnNote },
    ];
  } finally {
    await db.close();
    await scratch.drop();
  }
}
