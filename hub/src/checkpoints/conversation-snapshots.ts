import { createHash } from "node:crypto";
import { cp, mkdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import type { ConversationState } from "@aiflare/core";
import type { ConversationStore } from "../agent/conversation-store.js";
import { replaceFile } from "../json-file.js";
import type { Logger } from "../logger.js";

/** Before a turn, or after it. */
export type SnapshotPoint = "before" | "after";

/** What a snapshot holds: the conversation then, or null for "no conversation yet". */
export type StoredSnapshot = ConversationState | null;
type Stored = StoredSnapshot;

/** Where snapshots live when several hub nodes share them (cluster: PostgreSQL), by session and key. */
export interface SnapshotBacking {
  put(sessionId: string, key: string, state: StoredSnapshot): Promise<void>;
  /** undefined when none was taken. */
  get(sessionId: string, key: string): Promise<StoredSnapshot | undefined>;
  copy(fromSession: string, toSession: string, keys: readonly string[]): Promise<void>;
  drop(sessionId: string): Promise<void>;
}

/** A snapshot's name: its mark in the conversation log, and with `.json` its file. */
const keyOf = (turnId: string, point: SnapshotPoint) => `${createHash("sha256").update(turnId).digest("hex").slice(0, 40)}.${point}`;
const fileName = (turnId: string, point: SnapshotPoint) => `${keyOf(turnId, point)}.json`;

/**
 * The model conversation as it was before and after each turn, so a revert can put the
 * context back to before a turn and a fork can start from after one — in either conversation
 * mode, since the whole state (previous response id, or the stateless history) is kept.
 * On disk a snapshot is a mark in the session's conversation log (ConversationStore.mark), or,
 * when the log had moved on, a file `<dataDir>/conversations/<sessionId>.turns/<hash(turnId)>.<point>.json`.
 * In a cluster it is a mark in the session's log in PostgreSQL (ConversationStore.markShared),
 * or a row of the shared backing for an empty log; memory otherwise. The live conversation stays the ConversationStore's.
 */
export class ConversationSnapshots {
  private readonly memory = new Map<string, Stored>();
  /** Writes in flight, per session; reads wait for them. */
  private readonly writes = new Map<string, Promise<void>>();

  /** `logger`: told of a snapshot that could not be written (a revert of its turn then answers 409). */
  constructor(private readonly options: { conversations: ConversationStore; dataDir?: string; backing?: SnapshotBacking; logger?: Pick<Logger, "warn"> }) {}

  /**
   * Records the session's current conversation as the turn's `point`. Resolves once the state
   * is captured; the mark or file is written behind it (no fsync: a snapshot is worth no disk
   * flush per turn, and a killed process loses nothing the page cache holds).
   */
  async take(sessionId: string, turnId: string, point: SnapshotPoint): Promise<void> {
    const { backing, conversations } = this.options;
    const dir = this.dirOf(sessionId);
    const held = !backing && dir ? conversations.peek(sessionId) : undefined;
    if (held && dir) {
      // A one-line mark in the conversation log, which then ends with exactly this state (B1:
      // no file per snapshot). Asked for now, before the turn's next save (a "before" is taken
      // right before the prompt is saved); when the log has moved on by the time the mark's
      // turn comes, the snapshot gets its own file.
      const marked = conversations.mark(sessionId, held, keyOf(turnId, point));
      this.queue(sessionId, async () => {
        if (!(await marked)) await writeSnapshot(dir, join(dir, fileName(turnId, point)), held);
      });
      return;
    }
    if (backing) {
      // Shared (cluster): a mark record in the session's log in PostgreSQL, queued behind the
      // saves so far, instead of the whole state per snapshot (two per turn). A log with nothing
      // in it yet gets no mark: the state then (none, or an older hub's) is stored as a row.
      const marked = conversations.markShared(sessionId, keyOf(turnId, point));
      this.queue(sessionId, async () => {
        const result = await marked;
        if (!result.marked) await backing.put(sessionId, fileName(turnId, point), result.state ?? null);
      });
      return;
    }
    const state = (await conversations.load(sessionId)) ?? null;
    if (!dir) {
      this.memory.set(`${sessionId}/${fileName(turnId, point)}`, state && structuredClone(state));
      return;
    }
    this.queue(sessionId, () => writeSnapshot(dir, join(dir, fileName(turnId, point)), state));
  }

  /** Runs a session's writes one after another. */
  private queue(sessionId: string, write: () => Promise<void>): void {
    const next = (this.writes.get(sessionId) ?? Promise.resolve()).then(write);
    // A failure is a missing snapshot (a 409 on revert), never a crash; it is logged.
    const settled = next.catch((error: unknown) => this.options.logger?.warn({ err: error, sessionId }, "conversation snapshot not written"));
    this.writes.set(sessionId, settled);
  }

  /** Resolves when every snapshot taken so far is on disk. */
  async flush(): Promise<void> {
    await Promise.all(this.writes.values());
  }

  /** The conversation at that point; undefined when none was taken. */
  async get(sessionId: string, turnId: string, point: SnapshotPoint): Promise<Stored | undefined> {
    await this.writes.get(sessionId);
    if (this.options.backing) {
      // A row (an empty log's snapshot, or one taken before snapshots were marks), else the mark.
      const stored = await this.options.backing.get(sessionId, fileName(turnId, point));
      return stored !== undefined ? stored : this.options.conversations.readMark(sessionId, keyOf(turnId, point));
    }
    const dir = this.dirOf(sessionId);
    if (!dir) {
      const state = this.memory.get(`${sessionId}/${fileName(turnId, point)}`);
      return state === undefined ? undefined : state && structuredClone(state);
    }
    try {
      // `{state}` as written here, or (hubs before the log) a conversation file linked as saved.
      const parsed = JSON.parse(await readFile(join(dir, fileName(turnId, point)), "utf8")) as { state?: Stored; history?: unknown };
      if (parsed.state !== undefined) return parsed.state;
      return Array.isArray(parsed.history) ? (parsed as ConversationState) : undefined;
    } catch (error) {
      // No such file (or no folder of them): the snapshot is a mark in the log, if anywhere.
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "ENOENT" && code !== "ENOTDIR") throw error;
      return this.options.conversations.readMark(sessionId, keyOf(turnId, point));
    }
  }

  /**
   * A fork keeps the snapshots of the turns it copied, so it can undo them too: the marks come
   * with a copy of the conversation log, so this runs before the fork's conversation is saved.
   */
  async copy(fromSession: string, toSession: string, turnIds: readonly string[]): Promise<void> {
    await this.writes.get(fromSession);
    await this.options.conversations.copyLog(fromSession, toSession);
    if (this.options.backing) return this.options.backing.copy(fromSession, toSession, turnIds.flatMap((turnId) => [fileName(turnId, "before"), fileName(turnId, "after")]));
    for (const turnId of turnIds) {
      for (const point of ["before", "after"] as const) {
        const from = this.dirOf(fromSession);
        const to = this.dirOf(toSession);
        if (!from || !to) {
          const state = this.memory.get(`${fromSession}/${fileName(turnId, point)}`);
          if (state !== undefined) this.memory.set(`${toSession}/${fileName(turnId, point)}`, state);
          continue;
        }
        await mkdir(to, { recursive: true, mode: 0o700 });
        await cp(join(from, fileName(turnId, point)), join(to, fileName(turnId, point))).catch((error: NodeJS.ErrnoException) => {
          if (error.code !== "ENOENT") throw error;
        });
      }
    }
  }

  /** Forgets a session's snapshots. */
  async drop(sessionId: string): Promise<void> {
    for (const key of this.memory.keys()) if (key.startsWith(`${sessionId}/`)) this.memory.delete(key);
    // A write still queued would make the folder again after it is removed.
    await this.writes.get(sessionId);
    this.writes.delete(sessionId);
    if (this.options.backing) return this.options.backing.drop(sessionId);
    const dir = this.dirOf(sessionId);
    if (dir) await rm(dir, { recursive: true, force: true });
  }

  private dirOf(sessionId: string): string | undefined {
    if (!this.options.dataDir) return undefined;
    if (!/^[A-Za-z0-9_-]{1,128}$/.test(sessionId)) throw new Error(`unsafe session id ${JSON.stringify(sessionId)}`);
    return join(this.options.dataDir, "conversations", `${sessionId}.turns`);
  }
}

/**
 * Temp file and rename, no fsync (see `take` and replaceFile). The held state is only read
 * here, in the session's write queue: the conversation store replaces its state on save, never
 * changes it.
 */
function writeSnapshot(dir: string, path: string, state: Stored): Promise<void> {
  return replaceFile(dir, path, JSON.stringify({ state }));
}
