import type pg from "pg";
import { inTransaction } from "../cluster/pg-database.js";
import type { SessionEvent } from "@aiflare/protocol";
import type { LogRecord, SessionRecords, StoredLog, TimelinePersistence } from "./log-record.js";
import { storedEvents } from "./stored-events.js";
import { WriteRefusedError } from "./write-refused.js";

/** Decides, inside each write, which sessions this node may write (cluster: its leases). */
export interface WriteFence {
  /**
   * In a write's transaction: the refusal of each batch (undefined: it may be written), in
   * order. A refusal leaves the transaction usable for the others.
   */
  check(client: pg.PoolClient, batches: readonly SessionRecords[]): Promise<(WriteRefusedError | undefined)[]>;
  /**
   * The fence as part of a single statement, for sessions that need no `check` of their own:
   * common table expressions (parameters `$1`..`$n`, n = `params.length`) that define
   * `allowed (session_id)`, the sessions of `sessionIds` this node may still write, and that
   * keep them so until the statement commits (row locks, taken in id order) — or undefined when
   * one of them is not held here. `refusals` then tells what the statement's answer means.
   */
  guard(sessionIds: readonly string[]): FenceGuard | undefined;
  /** Whether this node holds the session's lease: `guard` covers only such sessions. */
  isHeld(sessionId: string): boolean;
  /**
   * A write failed for another reason than the fence (a lost connection) and could not be
   * retried in time: from now on the fence refuses the session's writes here, as if lost.
   */
  abandon(sessionId: string): void;
}

/** See `WriteFence.guard`. */
export interface FenceGuard {
  ctes: string;
  params: unknown[];
  /** The refusal of each session (in `sessionIds` order) given the ids `allowed` returned. */
  refusals(allowed: ReadonlySet<string>): (WriteRefusedError | undefined)[];
}

export interface PgPersistenceOptions {
  pool: pg.Pool;
  /** Ownership check run in every append's statement or transaction; none means every write is allowed (one node). */
  fence?: WriteFence;
  /** Runs in each append's transaction, after the fence (cluster: a started prompt leaves the queue table). */
  inAppend?: (client: pg.PoolClient, sessionId: string, records: readonly LogRecord[]) => Promise<void>;
  /** Whether `inAppend` has anything to do for a batch (when absent: always, so every append is a transaction). */
  inAppendNeeded?: (sessionId: string, records: readonly LogRecord[]) => boolean;
  /** Told about batches once they are committed, a group commit's together (cluster nodes pass them on in one message). */
  onWritten?: (written: readonly SessionRecords[]) => void;
  /**
   * Fenced: for how long (ms, from its first failure) a batch whose transaction failed for another reason than the fence
   * (the server ended the connection, a timeout) is tried again on a fresh connection. The
   * fence inside each try keeps it safe. Default 0: no retry.
   */
  retryMs?: number;
  /** Told about each failed try that is tried again. */
  onRetry?: (sessionId: string, error: unknown, attempt: number) => void;
}

interface SessionRow {
  id: string;
  summary: unknown;
  fold: unknown;
  fold_seq: string;
}

/**
 * Session logs in PostgreSQL: one `sessions` row (latest summary, compaction fold) and one
 * `events` row per event, keyed `(session_id, seq)`, so a replay is an index range read.
 * Every write is checked by the fence in its own transaction: a node that lost the session's
 * lease cannot write a single record. A group commit (`appendMany`) writes the batches of
 * many sessions at once. Streaming batches (events and summaries of held sessions) go in one
 * statement — fence, summaries and events as common table expressions, one round trip and one
 * commit for the whole group; anything else (a lone write, a fold, a prompt leaving the
 * queue) in one transaction for the group.
 */
export class PgTimelinePersistence implements TimelinePersistence {
  constructor(private readonly options: PgPersistenceOptions) {}

  async loadAll(): Promise<StoredLog[]> {
    const { rows } = await this.options.pool.query<SessionRow>("SELECT id, summary, fold, fold_seq FROM sessions ORDER BY id");
    const logs: StoredLog[] = [];
    for (const row of rows) logs.push(await this.logOf(row));
    return logs;
  }

  /** One session's stored log (a node catching up on a session another node wrote); undefined if unknown. */
  async load(sessionId: string): Promise<StoredLog | undefined> {
    const { rows } = await this.options.pool.query<SessionRow>("SELECT id, summary, fold, fold_seq FROM sessions WHERE id = $1", [sessionId]);
    const row = rows[0];
    return row ? this.logOf(row) : undefined;
  }

  /** The highest stored seq of a session (0 when none). */
  async lastSeq(sessionId: string): Promise<number> {
    const { rows } = await this.options.pool.query<{ seq: string | null }>("SELECT max(seq) AS seq FROM events WHERE session_id = $1", [sessionId]);
    return Number(rows[0]?.seq ?? 0);
  }

  /** Every stored event after `afterSeq`, in order (`readEvents` to the end). */
  eventsAfter(sessionId: string, afterSeq: number): Promise<SessionEvent[]> {
    return this.readEvents(sessionId, afterSeq, Number.MAX_SAFE_INTEGER);
  }

  /** Events stay in the table through compactions: one index range read. */
  async readEvents(sessionId: string, afterSeq: number, untilSeq: number): Promise<SessionEvent[]> {
    const { rows } = await this.options.pool.query<{ event: unknown }>("SELECT event FROM events WHERE session_id = $1 AND seq > $2 AND seq <= $3 ORDER BY seq", [
      sessionId,
      afterSeq,
      untilSeq,
    ]);
    return storedEvents(sessionId, rows.map((row) => row.event), afterSeq, untilSeq);
  }

  async append(sessionId: string, records: readonly LogRecord[]): Promise<void> {
    if (records.length === 0) return;
    const { fence, retryMs = 0 } = this.options;
    let failedAt: number | undefined;
    for (let attempt = 1; ; attempt++) {
      try {
        const [refusal] = await this.write([{ sessionId, records }]);
        if (refusal) throw refusal;
        break;
      } catch (error) {
        if (!fence || error instanceof WriteRefusedError) throw error;
        // Not the fence: try again on a fresh connection. A try whose COMMIT landed but whose answer
        // was lost is harmless to repeat (same seqs, kept once; the prompt row is already gone).
        failedAt ??= Date.now();
        if (Date.now() - failedAt < retryMs && !this.options.pool.ending) {
          this.options.onRetry?.(sessionId, error, attempt);
          await new Promise((resolve) => setTimeout(resolve, Math.min(250, 25 * 2 ** (attempt - 1))));
          continue;
        }
        // Out of time: a batch that did not commit must not live on in memory, or the node's seqs
        // would run past what PostgreSQL holds. The store drops it and the turn stops; the fence
        // refuses every later write here (a turn close without its start), the session is taken
        // over once its lease runs out.
        fence.abandon(sessionId);
        throw new WriteRefusedError(sessionId, `write failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    this.options.onWritten?.([{ sessionId, records }]);
  }

  /**
   * Group commit: every batch in one statement or one transaction. The fence's refusals leave
   * their batch out (the rest is written); any other failure (a lost connection, a row
   * PostgreSQL rejects) sends every batch on alone through `append`, with its own retries, so
   * one batch's trouble is only its own.
   */
  async appendMany(batches: readonly SessionRecords[]): Promise<PromiseSettledResult<void>[]> {
    let refusals: (WriteRefusedError | undefined)[];
    try {
      refusals = await this.write(batches);
    } catch {
      return Promise.all(
        batches.map(({ sessionId, records }) =>
          this.append(sessionId, records).then(
            (): PromiseSettledResult<void> => ({ status: "fulfilled", value: undefined }),
            (reason: unknown): PromiseSettledResult<void> => ({ status: "rejected", reason }),
          ),
        ),
      );
    }
    const written = batches.filter((_, i) => !refusals[i]);
    if (written.length > 0) this.options.onWritten?.(written);
    return batches.map((_, i): PromiseSettledResult<void> => {
      const refusal = refusals[i];
      return refusal ? { status: "rejected", reason: refusal } : { status: "fulfilled", value: undefined };
    });
  }

  /** One try at writing the batches: the fence's refusal of each (undefined: written); throws on any other failure. */
  private async write(batches: readonly SessionRecords[]): Promise<(WriteRefusedError | undefined)[]> {
    const streaming = batches.filter((batch) => this.streaming(batch));
    if (streaming.length === 0) return this.writeInTransaction(batches);
    if (streaming.length === batches.length) return this.writeInOneStatement(batches);
    // A turn starting must not hold up the streams of the group: both go at once, on two connections.
    const others = batches.filter((batch) => !streaming.includes(batch));
    const [streamed, transacted] = await Promise.all([this.writeInOneStatement(streaming), this.writeInTransaction(others)]);
    return batches.map((batch) => {
      const i = streaming.indexOf(batch);
      return i >= 0 ? streamed[i] : transacted[others.indexOf(batch)];
    });
  }

  /** A batch the one-statement write takes: events and summaries of a session held here, nothing for `inAppend`. */
  private streaming({ sessionId, records }: SessionRecords): boolean {
    const { fence, inAppend, inAppendNeeded } = this.options;
    if (fence && !fence.isHeld(sessionId)) return false;
    if (inAppend && (inAppendNeeded?.(sessionId, records) ?? true)) return false;
    return !records.some((record) => record.t === "fold");
  }

  /** Streaming batches (see `streaming`): fence and writes in one statement, one round trip, one commit. */
  private async writeInOneStatement(batches: readonly SessionRecords[]): Promise<(WriteRefusedError | undefined)[]> {
    const { fence } = this.options;
    const ids = batches.map((batch) => batch.sessionId);
    const guard: FenceGuard | undefined = fence ? fence.guard(ids) : { ctes: "allowed AS (SELECT unnest($1::text[]) AS session_id)", params: [ids], refusals: () => ids.map(() => undefined) };
    if (!guard) return this.writeInTransaction(batches);
    const rows = rowsOf(batches);
    const n = guard.params.length;
    const sql = `WITH ${guard.ctes},
      summaries AS (
        INSERT INTO sessions (id, summary) SELECT i, s FROM unnest($${n + 1}::text[], $${n + 2}::jsonb[]) AS t(i, s)
        WHERE i IN (SELECT session_id FROM allowed) ON CONFLICT (id) DO UPDATE SET summary = EXCLUDED.summary
      ),
      appended AS (
        INSERT INTO events (session_id, seq, event) SELECT i, s, e FROM unnest($${n + 3}::text[], $${n + 4}::bigint[], $${n + 5}::json[]) AS t(i, s, e)
        WHERE i IN (SELECT session_id FROM allowed) ON CONFLICT DO NOTHING
      )
      SELECT session_id FROM allowed`;
    const result = await this.options.pool.query<{ session_id: string }>(sql, [...guard.params, rows.summaryIds, rows.summaries, rows.eventIds, rows.seqs, rows.events]);
    return guard.refusals(new Set(result.rows.map((row) => row.session_id)));
  }

  /** Any batches: the fence, the prompt queue's work and the writes in one transaction. */
  private writeInTransaction(batches: readonly SessionRecords[]): Promise<(WriteRefusedError | undefined)[]> {
    const { fence, inAppend } = this.options;
    return inTransaction(this.options.pool, async (client) => {
      const refused = fence ? await fence.check(client, batches) : batches.map(() => undefined);
      const allowed = batches.filter((_, i) => refused[i] === undefined);
      if (inAppend) for (const { sessionId, records } of allowed) await inAppend(client, sessionId, records);
      await writeRecords(client, allowed);
      return refused;
    });
  }

  async rewrite(sessionId: string, records: readonly LogRecord[]): Promise<void> {
    // Events stay (replays read them by range); the fold snapshot and summary move forward.
    await inTransaction(this.options.pool, async (client) => {
      const [refusal] = (await this.options.fence?.check(client, [{ sessionId, records }])) ?? [];
      if (refusal) throw refusal;
      await writeRecords(client, [{ sessionId, records }]);
    });
  }

  /** Removes the session, its events, queued prompts and lease, in one transaction. */
  async delete(sessionId: string): Promise<void> {
    await inTransaction(this.options.pool, async (client) => {
      await client.query("DELETE FROM events WHERE session_id = $1", [sessionId]);
      await client.query("DELETE FROM prompts WHERE session_id = $1", [sessionId]);
      await client.query("DELETE FROM leases WHERE session_id = $1", [sessionId]);
      await client.query("DELETE FROM sessions WHERE id = $1", [sessionId]);
    });
  }

  close(): Promise<void> {
    return Promise.resolve(); // the pool belongs to whoever opened it
  }

  private async logOf(row: SessionRow): Promise<StoredLog> {
    const foldSeq = Number(row.fold_seq);
    const records: unknown[] = [{ t: "summary", v: row.summary }];
    if (row.fold !== null) records.push({ t: "fold", seq: foldSeq, v: row.fold });
    const { rows } = await this.options.pool.query<{ event: unknown }>("SELECT event FROM events WHERE session_id = $1 AND seq > $2 ORDER BY seq", [row.id, foldSeq]);
    for (const { event } of rows) records.push({ t: "event", v: event });
    return { sessionId: row.id, records, skippedLines: 0 };
  }
}

/** The rows a group of batches writes: each session's last summary, its events. */
function rowsOf(batches: readonly SessionRecords[]): { summaryIds: string[]; summaries: string[]; eventIds: string[]; seqs: number[]; events: string[] } {
  const rows = { summaryIds: [] as string[], summaries: [] as string[], eventIds: [] as string[], seqs: [] as number[], events: [] as string[] };
  for (const { sessionId, records } of batches) {
    let summary: unknown;
    for (const record of records) {
      if (record.t === "summary") summary = record.v;
      else if (record.t === "event") {
        rows.eventIds.push(sessionId);
        rows.seqs.push(record.v.seq);
        rows.events.push(JSON.stringify(record.v));
      }
    }
    if (summary === undefined) continue;
    rows.summaryIds.push(sessionId);
    rows.summaries.push(JSON.stringify(summary));
  }
  return rows;
}

/**
 * Writes the batches of one or many sessions in a transaction: one upsert of their last
 * summaries, then their last folds, then one insert of all their events (a repeated seq is kept once).
 */
async function writeRecords(client: pg.PoolClient, batches: readonly SessionRecords[]): Promise<void> {
  const rows = rowsOf(batches);
  if (rows.summaryIds.length > 0) {
    await client.query(
      "INSERT INTO sessions (id, summary) SELECT i, s FROM unnest($1::text[], $2::jsonb[]) AS t(i, s) ON CONFLICT (id) DO UPDATE SET summary = EXCLUDED.summary",
      [rows.summaryIds, rows.summaries],
    );
  }
  for (const { sessionId, records } of batches) {
    const fold = records.findLast((record) => record.t === "fold");
    if (fold?.t === "fold") await client.query("UPDATE sessions SET fold = $2, fold_seq = $3 WHERE id = $1", [sessionId, JSON.stringify(fold.v), fold.seq]);
  }
  if (rows.seqs.length > 0) {
    await client.query(
      "INSERT INTO events (session_id, seq, event) SELECT i, s, e FROM unnest($1::text[], $2::bigint[], $3::json[]) AS t(i, s, e) ON CONFLICT DO NOTHING",
      [rows.eventIds, rows.seqs, rows.events],
    );
  }
}
