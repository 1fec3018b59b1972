import { openDatabase, type PgDatabase } from "../src/cluster/pg-database.js";
import { PgLeases } from "../src/cluster/pg-leases.js";
import type { TimelinePersistence } from "../src/store/log-record.js";
import { PgTimelinePersistence } from "../src/store/pg-persistence.js";
import { clusterSkipReason, scratchDatabase } from "./cluster-services.js";

/** A store backend for the contract suite: a fresh persistence factory over shared storage, and its cleanup. */
export interface ContractBackend {
  name: string;
  make(): Promise<{ persistence: () => TimelinePersistence; cleanup: () => Promise<void> }>;
}

/**
 * PostgreSQL backends for the store contract suite: plain, and fenced by one node's leases
 * (what a cluster node runs). Each run gets its own schema. Empty, with the reason printed,
 * when PostgreSQL is unreachable.
 */
export async function pgBackends(): Promise<ContractBackend[]> {
  if (await clusterSkipReason({ redis: false })) return [];
  const make = (fenced: boolean) => () => {
    const scratch = scratchDatabase();
    const databases: PgDatabase[] = [];
    return Promise.resolve({
      persistence: () => {
        // Opened lazily per store; the contract suite creates stores synchronously.
        let ready: Promise<PgTimelinePersistence> | undefined;
        const get = () =>
          (ready ??= openDatabase(scratch.url, { max: 4 }).then((db) => {
            databases.push(db);
            const fence = fenced ? new PgLeases({ pool: db.pool, nodeId: "contract-node", leaseMs: 60_000 }) : undefined;
            return new PgTimelinePersistence({ pool: db.pool, ...(fence ? { fence } : {}) });
          }));
        const persistence: TimelinePersistence = {
          loadAll: async () => (await get()).loadAll(),
          append: async (id, records) => (await get()).append(id, records),
          appendMany: async (batches) => (await get()).appendMany(batches),
          rewrite: async (id, records) => (await get()).rewrite(id, records),
          readEvents: async (id, afterSeq, untilSeq) => (await get()).readEvents(id, afterSeq, untilSeq),
          delete: async (id) => (await get()).delete(id),
          close: async () => (await get()).close(),
        };
        return persistence;
      },
      cleanup: async () => {
        for (const db of databases.splice(0)) await db.close();
        await scratch.drop();
      },
    });
  };
  return [
    { name: "postgres", make: make(false) },
    { name: "postgres, fenced by leases", make: make(true) },
  ];
}
