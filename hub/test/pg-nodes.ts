import type pg from "pg";
import { afterEach } from "vitest";
import { openDatabase, type PgDatabase } from "../src/cluster/pg-database.js";
import { PgLeases } from "../src/cluster/pg-leases.js";
import { PromptQueue } from "../src/cluster/prompt-queue.js";
import type { LogRecord } from "../src/store/log-record.js";
import { PgTimelinePersistence } from "../src/store/pg-persistence.js";
import { SessionStore } from "../src/store/session-store.js";
import type { WriteRefusedError } from "../src/store/write-refused.js";
import { scratchDatabase } from "./cluster-services.js";

/** The first word of every statement sent through the pool from now on, in order. */
export function statementsOf(pool: pg.Pool): string[] {
  const statements: string[] = [];
  const counted = new WeakSet<object>();
  pool.on("acquire", (client) => {
    if (counted.has(client)) return;
    counted.add(client);
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      statements.push(typeof args[0] === "string" ? (args[0].trim().split(/\s+/)[0] ?? "") : "?");
      return query(...args);
    };
  });
  return statements;
}

export const newSession = { workerId: "w1", workdir: "/tmp/x", model: "m", title: "t", approvalPolicy: "full-auto" as const };

/** One cluster node's storage: a pool, its leases (the fence) and a store on them. */
export interface Node {
  db: PgDatabase;
  leases: PgLeases;
  persistence: PgTimelinePersistence;
  store: SessionStore;
  refused: WriteRefusedError[];
  lost: string[];
  prompts: PromptQueue;
  /** The sessions of each `onWritten` call (what a cluster node publishes in one bus message). */
  written: string[][];
}

/** Makes one node's storage: `retry`: the cluster backend's settings (retry for a lease time, idle transactions ended after it); `beforeWrite` runs in each append's transaction. */
type MakeNode = (nodeId: string, leaseMs: number, extra?: { retry?: boolean; beforeWrite?: (client: pg.PoolClient) => Promise<void> }) => Promise<Node>;

/**
 * For a `describe`: cluster nodes' storage on a scratch schema of its own, each made by `node`;
 * after each test the nodes are closed and the schema dropped.
 */
export function scratchNodes(): { node: MakeNode } {
  const scratch = scratchDatabase();
  const { node, close } = pgNodes(scratch.url);
  afterEach(async () => {
    await close();
    await scratch.drop();
  });
  return { node };
}

/** Cluster nodes' storage on one scratch database (`url`), each made by `node`; `close` ends them all. */
function pgNodes(url: string): { node: MakeNode; close: () => Promise<void> } {
  const nodes: Node[] = [];
  const node: MakeNode = async (nodeId, leaseMs, extra = {}) => {
    const db = await openDatabase(url, { max: 4, ...(extra.retry ? { idleInTransactionMs: leaseMs } : {}) });
    const lost: string[] = [];
    const written: string[][] = [];
    const leases = new PgLeases({ pool: db.pool, nodeId, leaseMs, onLost: (id) => lost.push(id) });
    const prompts = new PromptQueue(db.pool, nodeId);
    const persistence = new PgTimelinePersistence({
      pool: db.pool,
      fence: leases,
      inAppend: async (client, id, records) => {
        await extra.beforeWrite?.(client);
        await prompts.inAppend(client, id, records);
      },
      // As a cluster node: streaming batches go in one statement, unless the test must see every write's transaction.
      ...(extra.beforeWrite ? {} : { inAppendNeeded: (id: string, records: readonly LogRecord[]) => prompts.inAppendNeeded(id, records) }),
      ...(extra.retry ? { retryMs: leaseMs } : {}),
      onWritten: (batches) => written.push(batches.map((batch) => batch.sessionId)),
    });
    const store = new SessionStore({ persistence, coalesceMs: 0 });
    await store.load();
    const refused: WriteRefusedError[] = [];
    store.subscribe({ onRefused: (_id, error) => refused.push(error) });
    const made = { db, leases, persistence, store, refused, lost, prompts, written };
    nodes.push(made);
    return made;
  };

  return {
    node,
    close: async () => {
      for (const n of nodes.splice(0)) {
        await n.leases.close();
        await n.store.close();
        await n.db.close();
      }
    },
  };
}
