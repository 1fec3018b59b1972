import { WriteRefusedError } from "../store/write-refused.js";
/** Takes a lease that is free, expired, or this node's own from before a restart (same node id); the epoch grows. */
const CLAIM = `
  INSERT INTO leases (session_id, node, epoch, expires_at) VALUES ($1, $2, 1, now() + $3 * interval '1 millisecond')
  ON CONFLICT (session_id) DO UPDATE SET node = EXCLUDED.node, epoch = leases.epoch + 1, expires_at = EXCLUDED.expires_at
  WHERE leases.expires_at < now() OR leases.node = EXCLUDED.node
  RETURNING epoch`;
/**
 * A lone write (no lease held: a session created, a summary changed) takes no lease: it locks
 * the session's lease row for its transaction if the lease is free (a row is made, free, when
 * there is none), so an `acquire` racing with it waits and then reads what it wrote.
 */
const FREE = `
  INSERT INTO leases (session_id, node, epoch, expires_at) VALUES ($1, $2, 0, '-infinity')
  ON CONFLICT (session_id) DO UPDATE SET epoch = leases.epoch
  WHERE leases.expires_at < now() OR leases.node = EXCLUDED.node
  RETURNING epoch`;
/**
 * Session leases in PostgreSQL with a fencing epoch that grows on every change of owner.
 * Every append checks, in its own transaction, that this node's epoch is still the
 * session's (and extends the lease): a paused or partitioned former owner is refused.
 */
export class PgLeases {
    options;
    nodeId;
    leaseMs;
    /** Sessions this node holds, with the epoch it holds them at. */
    held = new Map();
    /** Sessions whose lease this node lost: no implicit claim until `acquire` is called again. */
    lost = new Set();
    renewTimer;
    constructor(options) {
        this.options = options;
        this.nodeId = options.nodeId;
        this.leaseMs = options.leaseMs ?? 10_000;
    }
    /** Starts renewing held leases every third of the lease time. */
    start() {
        this.renewTimer ??= setInterval(() => void this.renew().catch(() => undefined), Math.max(50, Math.floor(this.leaseMs / 3)));
        this.renewTimer.unref();
    }
    isHeld(sessionId) {
        return this.held.has(sessionId);
    }
    epochOf(sessionId) {
        return this.held.get(sessionId);
    }
    async acquire(sessionId) {
        if (this.held.has(sessionId))
            return true;
        const { rows } = await this.options.pool.query(CLAIM, [sessionId, this.nodeId, this.leaseMs]);
        const row = rows[0];
        if (!row)
            return false;
        this.held.set(sessionId, Number(row.epoch));
        this.lost.delete(sessionId);
        return true;
    }
    async holder(sessionId) {
        const { rows } = await this.options.pool.query("SELECT node FROM leases WHERE session_id = $1 AND expires_at > now()", [sessionId]);
        return rows[0]?.node;
    }
    async release(sessionId) {
        const epoch = this.held.get(sessionId);
        if (epoch === undefined)
            return;
        this.held.delete(sessionId);
        await this.options.pool.query("UPDATE leases SET expires_at = '-infinity' WHERE session_id = $1 AND node = $2 AND epoch = $3", [sessionId, this.nodeId, epoch]);
    }
    async close() {
        if (this.renewTimer)
            clearInterval(this.renewTimer);
        this.renewTimer = undefined;
        const ids = [...this.held.keys()];
        const epochs = ids.map((id) => this.held.get(id) ?? 0);
        this.held.clear();
        if (ids.length === 0)
            return;
        await this.options.pool.query("UPDATE leases SET expires_at = '-infinity' FROM unnest($2::text[], $3::bigint[]) AS h(id, epoch) WHERE leases.session_id = h.id AND leases.epoch = h.epoch AND leases.node = $1", [this.nodeId, ids, epochs]);
    }
    /** Extends every held lease; those found in another node's hands are dropped and reported lost. */
    async renew() {
        const ids = [...this.held.keys()];
        if (ids.length === 0)
            return;
        const epochs = ids.map((id) => this.held.get(id) ?? 0);
        const { rows } = await this.options.pool.query(`UPDATE leases SET expires_at = now() + $4 * interval '1 millisecond' FROM unnest($2::text[], $3::bigint[]) AS h(id, epoch)
       WHERE leases.session_id = h.id AND leases.epoch = h.epoch AND leases.node = $1 RETURNING leases.session_id`, [this.nodeId, ids, epochs, this.leaseMs]);
        const renewed = new Set(rows.map((row) => row.session_id));
        ids.forEach((id, i) => {
            if (renewed.has(id) || this.held.get(id) !== epochs[i])
                return;
            this.loseLease(id);
        });
    }
    /** Sessions with work (busy status or queued prompts) whose lease expired: candidates for a takeover. */
    async expiredWithWork() {
        const { rows } = await this.options.pool.query(`SELECT l.session_id FROM leases l JOIN sessions s ON s.id = l.session_id
       WHERE l.expires_at < now()
       AND (s.summary->>'status' NOT IN ('waiting', 'error') OR EXISTS (SELECT 1 FROM prompts p WHERE p.session_id = l.session_id))`);
        return rows.map((row) => row.session_id).filter((id) => !this.held.has(id));
    }
    /** The fence: a held epoch must still be current; an unheld session may be written only while its lease is free. */
    async check(client, sessionId, _records) {
        const epoch = this.held.get(sessionId);
        if (epoch !== undefined) {
            const { rowCount } = await client.query("UPDATE leases SET expires_at = greatest(expires_at, now() + $4 * interval '1 millisecond') WHERE session_id = $1 AND node = $2 AND epoch = $3", [sessionId, this.nodeId, epoch, this.leaseMs]);
            if (rowCount === 1)
                return;
            this.loseLease(sessionId);
            throw new WriteRefusedError(sessionId, `session ${sessionId} was taken over by another node (epoch ${epoch} is stale)`);
        }
        if (this.lost.has(sessionId))
            throw new WriteRefusedError(sessionId, `session ${sessionId} belongs to another node`);
        const { rowCount } = await client.query(FREE, [sessionId, this.nodeId]);
        if (rowCount !== 1)
            throw new WriteRefusedError(sessionId, `session ${sessionId} is held by another node`);
    }
    /** A write could not be made while the lease was ours: write nothing more of the session here until `acquire`. */
    abandon(sessionId) {
        if (this.held.has(sessionId))
            this.loseLease(sessionId);
    }
    loseLease(sessionId) {
        this.held.delete(sessionId);
        this.lost.add(sessionId);
        this.options.onLost?.(sessionId);
    }
}
//# sourceMappingURL=pg-leases.js.map