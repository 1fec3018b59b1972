import { createHash } from "node:crypto";
import { cp, link, mkdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import type { ConversationState } from "@aiflare/core";
import type { ConversationStore } from "../agent/conversation-store.js";
import { replaceFile } from "../json-file.js";

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

const fileName = (turnId: string, point: SnapshotPoint) => `${createHash("sha256").update(turnId).digest("hex").slice(0, 40)}.${point}.json`;

/**
 * The model conversation as it was before and after each turn, so a revert can put the
 * context back to before a turn and a fork can start from after one — in either conversation
 * mode, since the whole state (previous response id, or the stateless history) is kept.
 * Files: `<dataDir>/conversations/<sessionId>.turns/<hash(turnId)>.<point>.json`, or a shared
 * backing; in memory without either. The live conversation stays the ConversationStore's.
 */
export class ConversationSnapshots {
  private readonly memory = new Map<string, Stored>();
  /** Writes in flight, per session; reads wait for them. */
  private readonly writes = new Map<string, Promise<void>>();
  /**
   * Each session's last snapshot file and the conversation version it holds (files only). A
   * "before" links this file, not the conversation file: the turn saves its prompt right after
   * its "before" is taken, so by the time the queued link runs the conversation file has moved on.
   */
  private readonly lastFile = new Map<string, { path: string; version: number }>();

  constructor(private readonly options: { conversations: ConversationStore; dataDir?: string; backing?: SnapshotBacking }) {}

  /**
   * Records the session's current conversation as the turn's `point`. Resolves once the state
   * is captured; the file is written behind it (temp file and rename, no fsync: a snapshot is
   * worth no disk flush per turn, and a killed process loses nothing the page cache holds).
   */
  async take(sessionId: string, turnId: string, point: SnapshotPoint): Promise<void> {
    const { backing, conversations } = this.options;
    const dir = this.dirOf(sessionId);
    const held = !backing && dir ? conversations.peek(sessionId) : undefined;
    if (held && dir) {
      const path = join(dir, fileName(turnId, point));
      const last = this.lastFile.get(sessionId);
      this.lastFile.set(sessionId, { path, version: held.version });
      // Hard links instead of copies: a turn's "before" is the previous turn's "after" when
      // nothing changed in between, and an "after" is the conversation file as last saved (the
      // store replaces that file on its next save, never changes it). B1: two file writes per
      // turn fewer; a link that fails (e.g. the folder's first use) writes the file.
      this.queue(sessionId, async () => {
        const linked = last?.version === held.version ? await link(last.path, path).then(() => true, () => false) : await conversations.linkSaved(sessionId, held.version, path);
        if (!linked) await writeSnapshot(dir, path, held.state);
      });
      return;
    }
    const state = (await conversations.load(sessionId)) ?? null;
    if (backing) return this.queue(sessionId, () => backing.put(sessionId, fileName(turnId, point), state));
    if (!dir) {
      this.memory.set(`${sessionId}/${fileName(turnId, point)}`, state && structuredClone(state));
      return;
    }
    this.lastFile.delete(sessionId);
    this.queue(sessionId, () => writeSnapshot(dir, join(dir, fileName(turnId, point)), state));
  }

  /** Runs a session's writes one after another. */
  private queue(sessionId: string, write: () => Promise<void>): void {
    const next = (this.writes.get(sessionId) ?? Promise.resolve()).then(write);
    this.writes.set(sessionId, next.catch(() => undefined));
    next.catch(() => undefined); // failures surface as a missing snapshot (a 409 on revert), never as a crash
  }

  /** Resolves when every snapshot taken so far is on disk. */
  async flush(): Promise<void> {
    await Promise.all(this.writes.values());
  }

  /** The conversation at that point; undefined when none was taken. */
  async get(sessionId: string, turnId: string, point: SnapshotPoint): Promise<Stored | undefined> {
    await this.writes.get(sessionId);
    if (this.options.backing) return this.options.backing.get(sessionId, fileName(turnId, point));
    const dir = this.dirOf(sessionId);
    if (!dir) {
      const state = this.memory.get(`${sessionId}/${fileName(turnId, point)}`);
      return state === undefined ? undefined : state && structuredClone(state);
    }
    try {
      // `{state}` as written here, or a conversation file linked as it was saved (see take).
      const parsed = JSON.parse(await readFile(join(dir, fileName(turnId, point)), "utf8")) as { state?: Stored; history?: unknown };
      if (parsed.state !== undefined) return parsed.state;
      return Array.isArray(parsed.history) ? (parsed as ConversationState) : undefined;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  }

  /** A fork keeps the snapshots of the turns it copied, so it can undo them too. */
  async copy(fromSession: string, toSession: string, turnIds: readonly string[]): Promise<void> {
    await this.writes.get(fromSession);
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
    this.lastFile.delete(sessionId);
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
