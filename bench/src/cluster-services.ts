import { randomBytes } from "node:crypto";
import { unreachableServices } from "@aiflare/hub";
import pg from "pg";
import { createClient } from "redis";

/** Where B7 finds PostgreSQL and Redis: the same variables and defaults as `npm run test:cluster`. */
export const DATABASE_URL = process.env.AIFLARE_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
export const REDIS_URL = process.env.AIFLARE_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

/** Why B7 cannot run here, or undefined when both services answer. */
export async function clusterSkipReason(): Promise<string | undefined> {
  const missing = await unreachableServices(DATABASE_URL, REDIS_URL);
  return missing.length === 0 ? undefined : `${missing.join(" and ")} unreachable (set AIFLARE_TEST_DATABASE_URL / AIFLARE_TEST_REDIS_URL)`;
}

/**
 * One cluster's scratch space: a PostgreSQL schema and a Redis key prefix of its own (the
 * hubs get them as `?schema=` / `?prefix=`), and a pool on the schema to read the lease
 * table. `drop` removes the schema and any key under the prefix.
 */
export class Scratch {
  readonly name = `aiflare_b7_${randomBytes(6).toString("hex")}`;
  private readonly pool = new pg.Pool({ connectionString: DATABASE_URL, max: 2 });

  get databaseUrl(): string {
    const url = new URL(DATABASE_URL);
    url.searchParams.set("schema", this.name);
    return url.toString();
  }

  get redisUrl(): string {
    const url = new URL(REDIS_URL);
    url.searchParams.set("prefix", this.name);
    return url.toString();
  }

  /** Sessions whose lease some node holds right now. */
  async leasesHeld(): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${this.name}.leases WHERE expires_at > now()`);
    return Number(rows[0]?.n ?? 0);
  }

  /** The node holding a session's lease now, if any. */
  async holder(sessionId: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ node: string }>(`SELECT node FROM ${this.name}.leases WHERE session_id = $1 AND expires_at > now()`, [sessionId]);
    return rows[0]?.node;
  }

  /** The node that last held each session's lease (the row stays after a release), counted per node. */
  async lastHolders(): Promise<Record<string, number>> {
    const { rows } = await this.pool.query<{ node: string; n: string }>(`SELECT node, count(*) AS n FROM ${this.name}.leases GROUP BY node ORDER BY node`);
    return Object.fromEntries(rows.map((row) => [row.node, Number(row.n)]));
  }

  /** Drops the schema and deletes keys under the prefix; returns how many keys there were. */
  async drop(): Promise<number> {
    try {
      await this.pool.query(`DROP SCHEMA IF EXISTS ${this.name} CASCADE`);
    } finally {
      await this.pool.end();
    }
    const redis = createClient({ url: REDIS_URL });
    await redis.connect();
    try {
      const keys: string[] = [];
      for await (const batch of redis.scanIterator({ MATCH: `${this.name}*`, COUNT: 1000 })) keys.push(...batch);
      if (keys.length > 0) await redis.del(keys);
      return keys.length;
    } finally {
      await redis.close();
    }
  }
}
