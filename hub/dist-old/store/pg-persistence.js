import { inTransaction } from "../cluster/pg-database.js";
import { WriteRefusedError } from "./write-refused.js";
/**
 * Session logs in PostgreSQL: one `sessions` row (latest summary, compaction fold) and one
 * `events` row per event, keyed `(session_id, seq)`, so a replay is an index range read.
 * Each batch is one transaction, checked by the fence first: a node that lost the session's
 * lease cannot write a single record.
 */
export class PgTimelinePersistence {
    options;
    constructor(options) {
        this.options = options;
    }
    async loadAll() {
        const { rows } = await this.options.pool.query("SELECT id, summary, fold, fold_seq FROM sessions ORDER BY id");
        const logs = [];
        for (const row of rows)
            logs.push(await this.logOf(row));
        return logs;
    }
    /** One session's stored log (a node catching up on a session another node wrote); undefined if unknown. */
    async load(sessionId) {
        const { rows } = await this.options.pool.query("SELECT id, summary, fold, fold_seq FROM sessions WHERE id = $1", [sessionId]);
        const row = rows[0];
        return row ? this.logOf(row) : undefined;
    }
    /** The highest stored seq of a session (0 when none). */
    async lastSeq(sessionId) {
        const { rows } = await this.options.pool.query("SELECT max(seq) AS seq FROM events WHERE session_id = $1", [sessionId]);
        return Number(rows[0]?.seq ?? 0);
    }
    /** Events after `afterSeq`, in order: the index range read a replay needs. */
    async eventsAfter(sessionId, afterSeq, limit = 10_000) {
        const { rows } = await this.options.pool.query("SELECT event FROM events WHERE session_id = $1 AND seq > $2 ORDER BY seq LIMIT $3", [sessionId, afterSeq, limit]);
        return rows.map((row) => row.event);
    }
    async append(sessionId, records) {
        if (records.length === 0)
            return;
        const { fence, retryMs = 0 } = this.options;
        let failedAt;
        for (let attempt = 1;; attempt++) {
            try {
                await inTransaction(this.options.pool, async (client) => {
                    await fence?.check(client, sessionId, records);
                    await this.options.inAppend?.(client, sessionId, records);
                    await writeRecords(client, sessionId, records);
                });
                break;
            }
            catch (error) {
                if (!fence || error instanceof WriteRefusedError)
                    throw error;
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
                fence.abandon?.(sessionId);
                throw new WriteRefusedError(sessionId, `write failed: ${error instanceof Error ? error.message : String(error)}`);
            }
        }
        this.options.onWritten?.(sessionId, records);
    }
    async rewrite(sessionId, records) {
        // Events stay (replays read them by range); the fold snapshot and summary move forward.
        await inTransaction(this.options.pool, async (client) => {
            await this.options.fence?.check(client, sessionId, records);
            await writeRecords(client, sessionId, records);
        });
    }
    /** Removes the session, its events, queued prompts and lease, in one transaction. */
    async delete(sessionId) {
        await inTransaction(this.options.pool, async (client) => {
            await client.query("DELETE FROM events WHERE session_id = $1", [sessionId]);
            await client.query("DELETE FROM prompts WHERE session_id = $1", [sessionId]);
            await client.query("DELETE FROM leases WHERE session_id = $1", [sessionId]);
            await client.query("DELETE FROM sessions WHERE id = $1", [sessionId]);
        });
    }
    close() {
        return Promise.resolve(); // the pool belongs to whoever opened it
    }
    async logOf(row) {
        const foldSeq = Number(row.fold_seq);
        const records = [{ t: "summary", v: row.summary }];
        if (row.fold !== null)
            records.push({ t: "fold", seq: foldSeq, v: row.fold });
        const { rows } = await this.options.pool.query("SELECT event FROM events WHERE session_id = $1 AND seq > $2 ORDER BY seq", [row.id, foldSeq]);
        for (const { event } of rows)
            records.push({ t: "event", v: event });
        return { sessionId: row.id, records, skippedLines: 0 };
    }
}
/** Upserts the batch's last summary and fold, inserts its events (a repeated seq is kept once). */
async function writeRecords(client, sessionId, records) {
    let summary;
    let fold;
    const seqs = [];
    const events = [];
    for (const record of records) {
        if (record.t === "summary")
            summary = record.v;
        else if (record.t === "fold")
            fold = { seq: record.seq, v: record.v };
        else {
            seqs.push(record.v.seq);
            events.push(JSON.stringify(record.v));
        }
    }
    if (summary !== undefined) {
        await client.query("INSERT INTO sessions (id, summary) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET summary = EXCLUDED.summary", [sessionId, JSON.stringify(summary)]);
    }
    if (fold)
        await client.query("UPDATE sessions SET fold = $2, fold_seq = $3 WHERE id = $1", [sessionId, JSON.stringify(fold.v), fold.seq]);
    if (seqs.length > 0) {
        await client.query("INSERT INTO events (session_id, seq, event) SELECT $1, s, e FROM unnest($2::bigint[], $3::json[]) AS t(s, e) ON CONFLICT DO NOTHING", [sessionId, seqs, events]);
    }
}
//# sourceMappingURL=pg-persistence.js.map