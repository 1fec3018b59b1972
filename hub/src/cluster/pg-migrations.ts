import type pg from "pg";

/** One schema step; applied once, in order, recorded in `aiflare_migrations`. */
interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Every schema version so far. Append new ones; never edit an applied one. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "timeline, leases, documents",
    sql: `
      CREATE TABLE sessions (
        id text PRIMARY KEY,
        summary jsonb NOT NULL,
        fold jsonb,
        fold_seq bigint NOT NULL DEFAULT 0
      );
      -- json, not jsonb: an event reads back with the exact bytes every browser got.
      CREATE TABLE events (
        session_id text NOT NULL,
        seq bigint NOT NULL,
        event json NOT NULL,
        PRIMARY KEY (session_id, seq)
      );
      CREATE TABLE leases (
        session_id text PRIMARY KEY,
        node text NOT NULL,
        epoch bigint NOT NULL,
        expires_at timestamptz NOT NULL
      );
      CREATE INDEX leases_expiry ON leases (expires_at);
      CREATE TABLE documents (
        name text PRIMARY KEY,
        value jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
  {
    version: 2,
    name: "prompts",
    // Prompts queued behind a running turn, in order: the node that takes a session over runs them.
    sql: `
      CREATE TABLE prompts (
        id bigserial PRIMARY KEY,
        session_id text NOT NULL,
        text text NOT NULL,
        images jsonb NOT NULL DEFAULT '[]'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX prompts_session ON prompts (session_id, id);
    `,
  },
  {
    version: 3,
    name: "cluster state: conversations and snapshots, workers, nodes, active sessions, attachments, push subscriptions",
    sql: `
      CREATE TABLE conversations (
        session_id text PRIMARY KEY,
        state jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      -- node: the node holding the worker's connection (NULL while offline); tools: its MCP tool specs.
      CREATE TABLE workers (
        id text PRIMARY KEY,
        summary jsonb NOT NULL,
        node text,
        tools jsonb NOT NULL DEFAULT '[]',
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      -- Each live node renews its row; a worker on a node whose row expired is offline.
      CREATE TABLE nodes (
        id text PRIMARY KEY,
        alive_until timestamptz NOT NULL
      );
      CREATE TABLE active_sessions (
        context text PRIMARY KEY,
        session_id text NOT NULL
      );
      -- The conversation before / after each turn (revert and fork); key names turn and point.
      CREATE TABLE conversation_snapshots (
        session_id text NOT NULL,
        key text NOT NULL,
        state jsonb,
        PRIMARY KEY (session_id, key)
      );
      CREATE TABLE attachments (
        session_id text NOT NULL,
        name text NOT NULL,
        bytes bytea NOT NULL,
        PRIMARY KEY (session_id, name)
      );
      CREATE TABLE push_subscriptions (
        endpoint text PRIMARY KEY,
        keys jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
  {
    version: 4,
    name: "conversation log: a step appends what it added, not the whole state",
    sql: `
      -- A session's conversation as an append-only log (records as in conversation-log.ts:
      -- full / add); n counts from 1 without gaps, so a writer that read n records appends n + 1
      -- and a conflict tells it another node wrote meanwhile. conversations keeps the whole
      -- states of hubs before this migration (read when a session has no log yet).
      CREATE TABLE conversation_log (
        session_id text NOT NULL,
        n bigint NOT NULL,
        record json NOT NULL,
        PRIMARY KEY (session_id, n)
      );
    `,
  },
];

/** Applies the migrations not yet applied, under a transaction-scoped advisory lock. */
export async function migrate(pool: pg.Pool): Promise<number[]> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':aiflare-migrations'))");
    await client.query("CREATE TABLE IF NOT EXISTS aiflare_migrations (version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
    const { rows } = await client.query<{ version: number }>("SELECT version FROM aiflare_migrations");
    const applied = new Set(rows.map((row) => row.version));
    const ran: number[] = [];
    for (const migration of MIGRATIONS) {
      if (applied.has(migration.version)) continue;
      await client.query(migration.sql);
      await client.query("INSERT INTO aiflare_migrations (version, name) VALUES ($1, $2)", [migration.version, migration.name]);
      ran.push(migration.version);
    }
    await client.query("COMMIT");
    return ran;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
