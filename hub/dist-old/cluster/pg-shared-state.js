import webpush from "web-push";
import { inTransaction } from "./pg-database.js";
/**
 * What a single hub keeps in its data dir, shared by every node in PostgreSQL: model
 * conversations and their per-turn snapshots, prompt images, active-session contexts, push subscriptions, and in `documents` the VAPID
 * key pair and generated tokens. `changed` tells the other nodes a store changed (set once the bus exists).
 */
export class PgSharedState {
    pool;
    nodeId;
    /** Called after a committed change of the contexts (the bus tells the other nodes). */
    changed = () => undefined;
    constructor(pool, nodeId) {
        this.pool = pool;
        this.nodeId = nodeId;
    }
    conversations = {
        read: async (sessionId) => (await this.pool.query("SELECT state FROM conversations WHERE session_id = $1", [sessionId])).rows[0]?.state,
        write: async (sessionId, state) => {
            // Refused while another node holds a live lease on the session: a paused former owner
            // must not overwrite the conversation the new owner continues.
            const { rowCount } = await this.pool.query(`INSERT INTO conversations (session_id, state)
         SELECT $1, $2 WHERE NOT EXISTS (SELECT 1 FROM leases WHERE session_id = $1 AND node <> $3 AND expires_at > now())
         ON CONFLICT (session_id) DO UPDATE SET state = EXCLUDED.state, updated_at = now()`, [sessionId, JSON.stringify(state), this.nodeId]);
            if (rowCount === 0)
                throw new Error(`conversation of session ${sessionId} not saved: another node holds the session`);
        },
        remove: async (sessionId) => void (await this.pool.query("DELETE FROM conversations WHERE session_id = $1", [sessionId])),
    };
    snapshots = {
        put: async (sessionId, key, state) => {
            await this.pool.query("INSERT INTO conversation_snapshots (session_id, key, state) VALUES ($1, $2, $3) ON CONFLICT (session_id, key) DO UPDATE SET state = EXCLUDED.state", [sessionId, key, JSON.stringify(state)]);
        },
        get: async (sessionId, key) => {
            const { rows } = await this.pool.query("SELECT state FROM conversation_snapshots WHERE session_id = $1 AND key = $2", [sessionId, key]);
            return rows.length === 0 ? undefined : rows[0].state;
        },
        copy: async (fromSession, toSession, keys) => {
            await this.pool.query(`INSERT INTO conversation_snapshots (session_id, key, state)
         SELECT $2, key, state FROM conversation_snapshots WHERE session_id = $1 AND key = ANY($3)
         ON CONFLICT (session_id, key) DO UPDATE SET state = EXCLUDED.state`, [fromSession, toSession, keys]);
        },
        drop: async (sessionId) => void (await this.pool.query("DELETE FROM conversation_snapshots WHERE session_id = $1", [sessionId])),
    };
    attachments = {
        putAll: async (sessionId, images) => {
            await inTransaction(this.pool, async (client) => {
                for (const image of images)
                    await client.query("INSERT INTO attachments (session_id, name, bytes) VALUES ($1, $2, $3)", [sessionId, image.name, image.bytes]);
            });
        },
        get: async (sessionId, name) => (await this.pool.query("SELECT bytes FROM attachments WHERE session_id = $1 AND name = $2", [sessionId, name])).rows[0]?.bytes,
        removeSession: async (sessionId) => void (await this.pool.query("DELETE FROM attachments WHERE session_id = $1", [sessionId])),
    };
    activeSessions = {
        readAll: async () => {
            const { rows } = await this.pool.query("SELECT context, session_id FROM active_sessions");
            return Object.fromEntries(rows.map((row) => [row.context, row.session_id]));
        },
        write: async (context, sessionId) => {
            if (sessionId === null)
                await this.pool.query("DELETE FROM active_sessions WHERE context = $1", [context]);
            else
                await this.pool.query("INSERT INTO active_sessions (context, session_id) VALUES ($1, $2) ON CONFLICT (context) DO UPDATE SET session_id = EXCLUDED.session_id", [context, sessionId]);
            this.changed("contexts");
        },
    };
    subscriptions = {
        readAll: async () => {
            const { rows } = await this.pool.query("SELECT endpoint, keys, created_at FROM push_subscriptions ORDER BY created_at, endpoint");
            return rows.map((row) => ({ endpoint: row.endpoint, keys: row.keys, createdAt: row.created_at.toISOString() }));
        },
        put: async (sub) => {
            await this.pool.query("INSERT INTO push_subscriptions (endpoint, keys, created_at) VALUES ($1, $2, $3) ON CONFLICT (endpoint) DO UPDATE SET keys = EXCLUDED.keys, created_at = EXCLUDED.created_at", [sub.endpoint, JSON.stringify(sub.keys), sub.createdAt]);
        },
        remove: async (endpoint) => ((await this.pool.query("DELETE FROM push_subscriptions WHERE endpoint = $1", [endpoint])).rowCount ?? 0) > 0,
    };
    /** The cluster's VAPID key pair: the first node to start makes it; every node signs with the same one. */
    async vapidKeys() {
        const made = webpush.generateVAPIDKeys();
        const keys = (await this.agree("vapid-keys", { publicKey: made.publicKey, privateKey: made.privateKey }));
        if (!keys?.publicKey || !keys.privateKey)
            throw new Error("documents row vapid-keys is not a key pair");
        return { publicKey: keys.publicKey, privateKey: keys.privateKey };
    }
    /** Generated tokens (those not given in the environment), the same on every node. */
    tokens = (proposed) => this.agree("tokens", proposed);
    /** A `documents` value every node agrees on: the first proposal stored wins, later ones read it. */
    async agree(name, proposed) {
        await this.pool.query("INSERT INTO documents (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING", [name, JSON.stringify(proposed)]);
        const { rows } = await this.pool.query("SELECT value FROM documents WHERE name = $1", [name]);
        return rows[0]?.value;
    }
}
//# sourceMappingURL=pg-shared-state.js.map