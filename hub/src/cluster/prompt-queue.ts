import type pg from "pg";
import type { StoredImage } from "../attachments/attachment-store.js";
import type { LogRecord } from "../store/log-record.js";

/** A prompt waiting for its turn on the node that holds the session. */
export interface QueuedPrompt {
  id: number;
  text: string;
  /** The prompt's images (their refs and base64, as the runner takes them). */
  images: StoredImage[];
}

/** Stores the prompt only while `node` still holds the session at `epoch` (the lease row is locked, so a takeover waits for it). */
const ADD = `
  WITH fence AS (SELECT 1 FROM leases WHERE session_id = $1 AND node = $2 AND epoch = $3 FOR UPDATE)
  INSERT INTO prompts (session_id, text, images) SELECT $1, $4, $5::jsonb FROM fence RETURNING id`;

/** Deletes a session's prompts only while `node` still holds it at `epoch`. */
const DROP = `
  DELETE FROM prompts WHERE session_id = $1
  AND EXISTS (SELECT 1 FROM leases WHERE session_id = $1 AND node = $2 AND epoch = $3)`;

/**
 * The prompts queued on this node, per session, mirrored in the `prompts` table so a node
 * that takes the session over runs them. A prompt's row goes in the same transaction as
 * its turn's `turn_started` event (see `inAppend`): a prompt is either in the table or its
 * turn is in the timeline, never both and never neither.
 */
export class PromptQueue {
  private readonly queues = new Map<string, QueuedPrompt[]>();
  /** The prompt handed to the runner whose `turn_started` is not written yet, per session. */
  private readonly starting = new Map<string, number>();

  constructor(
    private readonly pool: pg.Pool,
    private readonly nodeId: string,
  ) {}

  /** Prompts waiting here for the session. */
  size(sessionId: string): number {
    return this.queues.get(sessionId)?.length ?? 0;
  }

  /** Stores and queues a prompt; false when the session is no longer this node's at `epoch`. */
  async add(sessionId: string, epoch: number, text: string, images: readonly StoredImage[] = []): Promise<boolean> {
    const { rows } = await this.pool.query<{ id: string }>(ADD, [sessionId, this.nodeId, epoch, text, JSON.stringify(images)]);
    const row = rows[0];
    if (!row) return false;
    this.queueOf(sessionId).push({ id: Number(row.id), text, images: [...images] });
    return true;
  }

  /** Queues the stored prompts another node left behind (after taking the session over); returns how many. */
  async adopt(sessionId: string): Promise<number> {
    const { rows } = await this.pool.query<{ id: string; text: string; images: StoredImage[] }>("SELECT id, text, images FROM prompts WHERE session_id = $1 ORDER BY id", [sessionId]);
    const queue = this.queueOf(sessionId);
    const known = new Set([...queue.map((prompt) => prompt.id), this.starting.get(sessionId)]);
    const left = rows.map((row) => ({ id: Number(row.id), text: row.text, images: row.images })).filter((prompt) => !known.has(prompt.id));
    queue.push(...left);
    queue.sort((a, b) => a.id - b.id);
    return left.length;
  }

  /** The next prompt to run; its row goes with its turn's `turn_started`. */
  next(sessionId: string): QueuedPrompt | undefined {
    const prompt = this.queues.get(sessionId)?.shift();
    if (this.size(sessionId) === 0) this.queues.delete(sessionId);
    if (prompt) this.starting.set(sessionId, prompt.id);
    return prompt;
  }

  /** Forgets the session's queue here (this node lost it: the rows are the new owner's to run). */
  forget(sessionId: string): void {
    this.queues.delete(sessionId);
    this.starting.delete(sessionId);
  }

  /** Drops the queued prompts (a cancel), here and, while the session is still this node's at `epoch`, in the table. */
  async drop(sessionId: string, epoch: number | undefined): Promise<number> {
    const dropped = this.size(sessionId);
    this.forget(sessionId);
    if (epoch !== undefined) await this.pool.query(DROP, [sessionId, this.nodeId, epoch]);
    return dropped;
  }

  /** Whether `inAppend` has work for the batch: it starts the turn of a prompt from the table. */
  inAppendNeeded(sessionId: string, records: readonly LogRecord[]): boolean {
    return this.starting.has(sessionId) && records.some((record) => record.t === "event" && record.v.type === "turn_started");
  }

  /** Runs in every append's transaction (after the fence): a batch with `turn_started` takes its prompt's row out. */
  async inAppend(client: pg.PoolClient, sessionId: string, records: readonly LogRecord[]): Promise<void> {
    const id = this.starting.get(sessionId);
    if (id === undefined || !this.inAppendNeeded(sessionId, records)) return;
    // Kept until the next prompt starts: a transaction that fails is tried again and must delete the row too.
    await client.query("DELETE FROM prompts WHERE id = $1", [id]);
  }

  private queueOf(sessionId: string): QueuedPrompt[] {
    let queue = this.queues.get(sessionId);
    if (!queue) this.queues.set(sessionId, (queue = []));
    return queue;
  }
}
