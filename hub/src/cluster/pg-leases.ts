import type pg from "pg";
import type { SessionRecords } from "../store/log-record.js";
import type { FenceGuard, WriteFence } from "../store/pg-persistence.js";
import { WriteRefusedError } from "../store/write-refused.js";
import type { SessionOwnership } from "./ownership.js";

export interface PgLeasesOptions {
  pool: pg.Pool;
  nodeId: string;
  /** How long a lease lasts without renewal (default 10 s). Renewed every third of it. */
  leaseMs?: number;
  /** A held lease turned out to be someone else's (this node was paused or cut off). */
  onLost?: (sessionId: string) => void;
}

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
 * Common table expressions that extend the leases of `$2` (ids) at `$3` (epochs) held by node
 * `$1` by `$4` ms (never shortening one): `allowed` holds the ids still held. The rows are
 * locked in id order first, so two such statements of one node (a group commit, a renewal)
 * never wait on each other in a cycle.
 */
const EXTEND_CTES = `
  held AS (
    SELECT l.session_id FROM leases l JOIN unnest($2::text[], $3::bigint[]) AS h(id, epoch) ON l.session_id = h.id AND l.epoch = h.epoch
    WHERE l.node = $1 ORDER BY l.session_id FOR UPDATE OF l
  ),
  allowed AS (
    UPDATE leases SET expires_at = greatest(leases.expires_at, now() + $4 * interval '1 millisecond') FROM held
    WHERE leases.session_id = held.session_id RETURNING leases.session_id
  )`;
const EXTEND = `WITH ${EXTEND_CTES} SELECT session_id FROM allowed`;

/**
 * Session leases in PostgreSQL with a fencing epoch that grows on every change of owner.
 * Every append checks, in its own transaction, that this node's epoch is still the
 * session's (and extends the lease): a paused or partitioned former owner is refused.
 */
export class PgLeases implements SessionOwnership, WriteFence {
  readonly nodeId: string;
  readonly leaseMs: number;
  /** Sessions this node holds, with the epoch it holds them at. */
  private readonly held = new Map<string, number>();
  /** Sessions whose lease this node lost: no implicit claim until `acquire` is called again. */
  private readonly lost = new Set<string>();
  private renewTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: PgLeasesOptions) {
    this.nodeId = options.nodeId;
    this.leaseMs = options.leaseMs ?? 10_000;
  }

  /** Starts renewing held leases every third of the lease time. */
  start(): void {
    this.renewTimer ??= setInterval(() => void this.renew().catch(() => undefined), Math.max(50, Math.floor(this.leaseMs / 3)));
    this.renewTimer.unref();
  }

  isHeld(sessionId: string): boolean {
    return this.held.has(sessionId);
  }

  epochOf(sessionId: string): number | undefined {
    return this.held.get(sessionId);
  }

  async acquire(sessionId: string): Promise<boolean> {
    if (this.held.has(sessionId)) return true;
    const { rows } = await this.options.pool.query<{ epoch: string }>(CLAIM, [sessionId, this.nodeId, this.leaseMs]);
    const row = rows[0];
    if (!row) return false;
    this.held.set(sessionId, Number(row.epoch));
    this.lost.delete(sessionId);
    return true;
  }

  async holder(sessionId: string): Promise<string | undefined> {
    const { rows } = await this.options.pool.query<{ node: string }>("SELECT node FROM leases WHERE session_id = $1 AND expires_at > now()", [sessionId]);
    return rows[0]?.node;
  }

  async release(sessionId: string): Promise<void> {
    const epoch = this.held.get(sessionId);
    if (epoch === undefined) return;
    this.held.delete(sessionId);
    await this.options.pool.query("UPDATE leases SET expires_at = '-infinity' WHERE session_id = $1 AND node = $2 AND epoch = $3", [sessionId, this.nodeId, epoch]);
  }

  async close(): Promise<void> {
    if (this.renewTimer) clearInterval(this.renewTimer);
    this.renewTimer = undefined;
    const ids = [...this.held.keys()];
    const epochs = ids.map((id) => this.held.get(id) ?? 0);
    this.held.clear();
    if (ids.length === 0) return;
    await this.options.pool.query(
      "UPDATE leases SET expires_at = '-infinity' FROM unnest($2::text[], $3::bigint[]) AS h(id, epoch) WHERE leases.session_id = h.id AND leases.epoch = h.epoch AND leases.node = $1",
      [this.nodeId, ids, epochs],
    );
  }

  /** Extends every held lease; those found in another node's hands are dropped and reported lost. */
  async renew(): Promise<void> {
    const ids = [...this.held.keys()];
    if (ids.length === 0) return;
    const epochs = ids.map((id) => this.held.get(id) ?? 0);
    const { rows } = await this.options.pool.query<{ session_id: string }>(EXTEND, [this.nodeId, ids, epochs, this.leaseMs]);
    const renewed = new Set(rows.map((row) => row.session_id));
    ids.forEach((id, i) => {
      if (renewed.has(id) || this.held.get(id) !== epochs[i]) return;
      this.loseLease(id);
    });
  }

  /** Sessions with work (busy status or queued prompts) whose lease expired: candidates for a takeover. */
  async expiredWithWork(): Promise<string[]> {
    const { rows } = await this.options.pool.query<{ session_id: string }>(
      `SELECT l.session_id FROM leases l JOIN sessions s ON s.id = l.session_id
       WHERE l.expires_at < now()
       AND (s.summary->>'status' NOT IN ('waiting', 'error') OR EXISTS (SELECT 1 FROM prompts p WHERE p.session_id = l.session_id))`,
    );
    return rows.map((row) => row.session_id).filter((id) => !this.held.has(id));
  }

  /** The fence inside a single write statement, when every session is held here (see `WriteFence.guard`). */
  guard(sessionIds: readonly string[]): FenceGuard | undefined {
    const epochs: number[] = [];
    for (const id of sessionIds) {
      const epoch = this.held.get(id);
      if (epoch === undefined) return undefined;
      epochs.push(epoch);
    }
    return {
      ctes: EXTEND_CTES,
      params: [this.nodeId, sessionIds, epochs, this.leaseMs],
      refusals: (allowed) => sessionIds.map((id, i) => (allowed.has(id) ? undefined : this.stale(id, epochs[i] ?? 0))),
    };
  }

  /**
   * The fence in a write's transaction: a held epoch must still be current (its lease is
   * extended), all held sessions in one statement; an unheld session may be written only while
   * its lease is free. Refusals come back, not thrown.
   */
  async check(client: pg.PoolClient, batches: readonly SessionRecords[]): Promise<(WriteRefusedError | undefined)[]> {
    const held = batches.map((batch) => batch.sessionId).filter((id) => this.held.has(id));
    if (batches.length > 1 && held.length < batches.length) {
      // Sessions held here and others in one group: lock all their lease rows in id order first,
      // as every other statement locking several does, so no two transactions wait on each other in a cycle.
      await client.query("SELECT 1 FROM leases WHERE session_id = ANY($1::text[]) ORDER BY session_id FOR UPDATE", [batches.map((batch) => batch.sessionId)]);
    }
    const guard = held.length > 0 ? this.guard(held) : undefined;
    let heldRefusals: (WriteRefusedError | undefined)[] = [];
    if (guard) {
      const { rows } = await client.query<{ session_id: string }>(EXTEND, guard.params);
      heldRefusals = guard.refusals(new Set(rows.map((row) => row.session_id)));
    }
    const refusals: (WriteRefusedError | undefined)[] = [];
    for (const { sessionId } of batches) {
      const i = held.indexOf(sessionId);
      refusals.push(i >= 0 ? heldRefusals[i] : await this.lone(client, sessionId));
    }
    return refusals;
  }

  /** A write could not be made while the lease was ours: write nothing more of the session here until `acquire`. */
  abandon(sessionId: string): void {
    if (this.held.has(sessionId)) this.loseLease(sessionId);
  }

  /** A write of a session not held here: allowed while its lease is free (the row stays locked for the transaction). */
  private async lone(client: pg.PoolClient, sessionId: string): Promise<WriteRefusedError | undefined> {
    if (this.lost.has(sessionId)) return new WriteRefusedError(sessionId, `session ${sessionId} belongs to another node`);
    const { rowCount } = await client.query(FREE, [sessionId, this.nodeId]);
    return rowCount === 1 ? undefined : new WriteRefusedError(sessionId, `session ${sessionId} is held by another node`);
  }

  /** The session was taken over: this node's epoch is stale; the lease is lost here. */
  private stale(sessionId: string, epoch: number): WriteRefusedError {
    this.loseLease(sessionId);
    return new WriteRefusedError(sessionId, `session ${sessionId} was taken over by another node (epoch ${epoch} is stale)`);
  }

  private loseLease(sessionId: string): void {
    this.held.delete(sessionId);
    this.lost.add(sessionId);
    this.options.onLost?.(sessionId);
  }
}

