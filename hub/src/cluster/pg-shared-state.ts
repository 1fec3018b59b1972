import type pg from "pg";
import webpush from "web-push";
import { isConversation, replayRecords } from "../agent/conversation-log.js";
import type { ConversationBacking } from "../agent/conversation-store.js";
import type { AttachmentBacking } from "../attachments/attachment-store.js";
import type { SharedTokens } from "../auth/tokens.js";
import type { SnapshotBacking, StoredSnapshot } from "../checkpoints/conversation-snapshots.js";
import type { VapidKeys } from "../push/vapid-keys.js";
import type { StoredSubscription, SubscriptionBacking } from "../push/subscriptions.js";
import type { ActiveSessionBacking } from "../registry/active-sessions.js";
import { inTransaction } from "./pg-database.js";

/**
 * What a single hub keeps in its data dir, shared by every node in PostgreSQL: model
 * conversations and their per-turn snapshots, prompt images, active-session contexts, push subscriptions, and in `documents` the VAPID
 * key pair and generated tokens. `changed` tells the other nodes a store changed (set once the bus exists).
 */
export class PgSharedState {
  /** Called after a committed change of the contexts (the bus tells the other nodes). */
  changed: (store: "contexts") => void = () => undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly nodeId: string,
  ) {}

  readonly conversations: ConversationBacking = {
    read: async (sessionId, untilMark) => {
      const { rows } = await this.pool.query<{ record: unknown }>("SELECT record FROM conversation_log WHERE session_id = $1 ORDER BY n", [sessionId]);
      if (rows.length > 0) return { ...replayRecords(rows.map((row) => row.record), untilMark), length: rows.length };
      // No log yet: the whole state a hub before the log wrote, if any (the next save starts the log with it).
      const legacy = (await this.pool.query<{ state: unknown }>("SELECT state FROM conversations WHERE session_id = $1", [sessionId])).rows[0]?.state;
      return { ...(isConversation(legacy) ? { state: legacy } : {}), length: 0, found: untilMark === undefined };
    },
    since: async (sessionId, after) =>
      (await this.pool.query<{ record: unknown }>("SELECT record FROM conversation_log WHERE session_id = $1 AND n > $2 ORDER BY n", [sessionId, after])).rows.map((row) => row.record),
    append: async (sessionId, length, record) => {
      // Refused while another node holds a live lease on the session: a paused former owner must
      // not write into the conversation its successor continues. Record n + 1 exists already when
      // another node wrote since this one read n records: nothing is written then.
      const { rows } = await this.pool.query<{ written: boolean; held: boolean }>(
        `WITH other AS (SELECT 1 FROM leases WHERE session_id = $1 AND node <> $4 AND expires_at > now()),
         added AS (
           INSERT INTO conversation_log (session_id, n, record) SELECT $1, $2 + 1, $3 WHERE NOT EXISTS (SELECT 1 FROM other)
           ON CONFLICT (session_id, n) DO NOTHING RETURNING 1
         )
         SELECT EXISTS (SELECT 1 FROM added) AS written, EXISTS (SELECT 1 FROM other) AS held`,
        [sessionId, length, JSON.stringify(record), this.nodeId],
      );
      if (rows[0]?.held) throw new Error(`conversation of session ${sessionId} not saved: another node holds the session`);
      return rows[0]?.written === true;
    },
    length: async (sessionId) => Number((await this.pool.query<{ n: string | null }>("SELECT max(n) AS n FROM conversation_log WHERE session_id = $1", [sessionId])).rows[0]?.n ?? 0),
    copy: async (fromSession, toSession) => {
      await this.pool.query("INSERT INTO conversation_log (session_id, n, record) SELECT $2, n, record FROM conversation_log WHERE session_id = $1 ON CONFLICT (session_id, n) DO NOTHING", [fromSession, toSession]);
    },
    remove: async (sessionId) => {
      await this.pool.query("DELETE FROM conversation_log WHERE session_id = $1", [sessionId]);
      await this.pool.query("DELETE FROM conversations WHERE session_id = $1", [sessionId]);
    },
  };

  readonly snapshots: SnapshotBacking = {
    put: async (sessionId, key, state) => {
      await this.pool.query(
        "INSERT INTO conversation_snapshots (session_id, key, state) VALUES ($1, $2, $3) ON CONFLICT (session_id, key) DO UPDATE SET state = EXCLUDED.state",
        [sessionId, key, JSON.stringify(state)],
      );
    },
    get: async (sessionId, key) => {
      const { rows } = await this.pool.query<{ state: StoredSnapshot }>("SELECT state FROM conversation_snapshots WHERE session_id = $1 AND key = $2", [sessionId, key]);
      return rows.length === 0 ? undefined : rows[0]!.state;
    },
    copy: async (fromSession, toSession, keys) => {
      await this.pool.query(
        `INSERT INTO conversation_snapshots (session_id, key, state)
         SELECT $2, key, state FROM conversation_snapshots WHERE session_id = $1 AND key = ANY($3)
         ON CONFLICT (session_id, key) DO UPDATE SET state = EXCLUDED.state`,
        [fromSession, toSession, keys],
      );
    },
    drop: async (sessionId) => void (await this.pool.query("DELETE FROM conversation_snapshots WHERE session_id = $1", [sessionId])),
  };

  readonly attachments: AttachmentBacking = {
    putAll: async (sessionId, images) => {
      await inTransaction(this.pool, async (client) => {
        for (const image of images) await client.query("INSERT INTO attachments (session_id, name, bytes) VALUES ($1, $2, $3)", [sessionId, image.name, image.bytes]);
      });
    },
    get: async (sessionId, name) => (await this.pool.query<{ bytes: Buffer }>("SELECT bytes FROM attachments WHERE session_id = $1 AND name = $2", [sessionId, name])).rows[0]?.bytes,
    removeSession: async (sessionId) => void (await this.pool.query("DELETE FROM attachments WHERE session_id = $1", [sessionId])),
  };

  readonly activeSessions: ActiveSessionBacking = {
    readAll: async () => {
      const { rows } = await this.pool.query<{ context: string; session_id: string }>("SELECT context, session_id FROM active_sessions");
      return Object.fromEntries(rows.map((row) => [row.context, row.session_id]));
    },
    write: async (context, sessionId) => {
      if (sessionId === null) await this.pool.query("DELETE FROM active_sessions WHERE context = $1", [context]);
      else await this.pool.query("INSERT INTO active_sessions (context, session_id) VALUES ($1, $2) ON CONFLICT (context) DO UPDATE SET session_id = EXCLUDED.session_id", [context, sessionId]);
      this.changed("contexts");
    },
  };

  readonly subscriptions: SubscriptionBacking = {
    readAll: async () => {
      const { rows } = await this.pool.query<{ endpoint: string; keys: StoredSubscription["keys"]; created_at: Date }>("SELECT endpoint, keys, created_at FROM push_subscriptions ORDER BY created_at, endpoint");
      return rows.map((row) => ({ endpoint: row.endpoint, keys: row.keys, createdAt: row.created_at.toISOString() }));
    },
    put: async (sub) => {
      await this.pool.query(
        "INSERT INTO push_subscriptions (endpoint, keys, created_at) VALUES ($1, $2, $3) ON CONFLICT (endpoint) DO UPDATE SET keys = EXCLUDED.keys, created_at = EXCLUDED.created_at",
        [sub.endpoint, JSON.stringify(sub.keys), sub.createdAt],
      );
    },
    remove: async (endpoint) => ((await this.pool.query("DELETE FROM push_subscriptions WHERE endpoint = $1", [endpoint])).rowCount ?? 0) > 0,
  };

  /** The cluster's VAPID key pair: the first node to start makes it; every node signs with the same one. */
  async vapidKeys(): Promise<VapidKeys> {
    const made = webpush.generateVAPIDKeys();
    const keys = (await this.agree("vapid-keys", { publicKey: made.publicKey, privateKey: made.privateKey })) as Partial<VapidKeys> | undefined;
    if (!keys?.publicKey || !keys.privateKey) throw new Error("documents row vapid-keys is not a key pair");
    return { publicKey: keys.publicKey, privateKey: keys.privateKey };
  }

  /** Generated tokens (those not given in the environment), the same on every node. */
  readonly tokens: SharedTokens = (proposed) => this.agree("tokens", proposed);

  /** A `documents` value every node agrees on: the first proposal stored wins, later ones read it. */
  private async agree(name: string, proposed: unknown): Promise<unknown> {
    await this.pool.query("INSERT INTO documents (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING", [name, JSON.stringify(proposed)]);
    const { rows } = await this.pool.query<{ value: unknown }>("SELECT value FROM documents WHERE name = $1", [name]);
    return rows[0]?.value;
  }
}
