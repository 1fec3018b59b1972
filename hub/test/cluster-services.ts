import { randomBytes } from "node:crypto";
import { Socket } from "node:net";
import pg from "pg";

/** Where the cluster tests find PostgreSQL and Redis (overridable, e.g. with a closed port to see the skip). */
export const TEST_DATABASE_URL = process.env.AIFLARE_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
export const TEST_REDIS_URL = process.env.AIFLARE_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

function portOpen(url: string, defaultPort: number): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once("error", () => done(false));
    socket.connect(Number(port || defaultPort), hostname.replace(/^\[|\]$/g, ""), () => done(true));
  });
}

/** Why the cluster tests cannot run here (printed when they skip), or undefined when both services answer. */
export async function clusterSkipReason(needs: { redis?: boolean } = {}): Promise<string | undefined> {
  const missing: string[] = [];
  if (!(await portOpen(TEST_DATABASE_URL, 5432))) missing.push(`PostgreSQL at ${new URL(TEST_DATABASE_URL).host}`);
  if (needs.redis !== false && !(await portOpen(TEST_REDIS_URL, 6379))) missing.push(`Redis at ${new URL(TEST_REDIS_URL).host}`);
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
export function scratchDatabase(): { url: string; schema: string; drop: () => Promise<void> } {
  const schema = uniqueName("aiflare_t");
  const url = new URL(TEST_DATABASE_URL);
  url.searchParams.set("schema", schema);
  return {
    url: url.toString(),
    schema,
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
