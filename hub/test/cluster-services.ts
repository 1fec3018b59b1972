import { randomBytes } from "node:crypto";
import pg from "pg";
import { unreachableServices } from "../src/cluster/reachable.js";

/** Where the cluster tests find PostgreSQL and Redis (overridable, e.g. with a closed port to see the skip). */
export const TEST_DATABASE_URL = process.env.AIFLARE_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
export const TEST_REDIS_URL = process.env.AIFLARE_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

/** Why the cluster tests cannot run here (printed when they skip), or undefined when both services answer. */
export async function clusterSkipReason(needs: { redis?: boolean } = {}): Promise<string | undefined> {
  const missing = await unreachableServices(TEST_DATABASE_URL, needs.redis === false ? undefined : TEST_REDIS_URL);
  if (missing.length === 0) return undefined;
  const reason = `cluster tests skipped: ${missing.join(" and ")} unreachable (set AIFLARE_TEST_DATABASE_URL / AIFLARE_TEST_REDIS_URL, or run .ci/run)`;
  console.warn(reason);
  return reason;
}

/** A random name for this run's schema / key prefix, so parallel runs never meet. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${randomBytes(6).toString("hex")}`;
}

/** A database URL whose tables live in a fresh schema; `drop` removes it afterwards. */
export function scratchDatabase(): { url: string; schema: string; liveLease: (sessionId: string) => Promise<string | undefined>; drop: () => Promise<void> } {
  const schema = uniqueName("aiflare_t");
  const url = new URL(TEST_DATABASE_URL);
  url.searchParams.set("schema", schema);
  return {
    url: url.toString(),
    schema,
    /** The node whose lease on the session has not run out (none once it was handed back). */
    liveLease: async (sessionId) => {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      try {
        const { rows } = await client.query<{ node: string }>(`SELECT node FROM ${schema}.leases WHERE session_id = $1 AND expires_at > now()`, [sessionId]);
        return rows[0]?.node;
      } finally {
        await client.end();
      }
    },
    drop: async () => {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}
