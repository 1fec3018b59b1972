import { afterEach, describe, expect, it } from "vitest";
import { inTransaction, openDatabase, type PgDatabase } from "../src/cluster/pg-database.js";
import { clusterSkipReason, scratchDatabase } from "./cluster-services.js";

const skip = await clusterSkipReason({ redis: false });

describe.skipIf(skip !== undefined)("the cluster's PostgreSQL pool", () => {
  const scratch = scratchDatabase();
  let db: PgDatabase | undefined;

  afterEach(async () => {
    await db?.close();
    await scratch.drop();
  });

  it("ends a transaction whose client went quiet past the limit (a paused node): the write fails, rolled back, and the process lives on", async () => {
    db = await openDatabase(scratch.url, { idleInTransactionMs: 200 });
    const pool = db.pool;
    const quiet = inTransaction(pool, async (client) => {
      await client.query("INSERT INTO documents (name, value) VALUES ('paused', '{}')");
      await new Promise((resolve) => setTimeout(resolve, 1_000)); // as if SIGSTOPped between two statements
      await client.query("INSERT INTO documents (name, value) VALUES ('after', '{}')");
    });
    await expect(quiet).rejects.toThrow();
    const { rows } = await pool.query("SELECT name FROM documents");
    expect(rows).toEqual([]);
    // The pool still works: the ended connection was thrown away, not handed out again.
    for (let i = 0; i < 10; i++) await inTransaction(pool, (client) => client.query("SELECT 1"));
  });
});
