import { copyFile, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { copyConversation, type ConversationState } from "@aiflare/core";
import { AppendFiles } from "../append-files.js";
import { readJsonFile } from "../json-file.js";
import type { Logger } from "../logger.js";
import { isConversation, recordFor, replayLog, replayRecords, type ConversationRecord } from "./conversation-log.js";

/**
 * Where conversations live when several hub nodes share them (cluster: PostgreSQL): the same
 * append-only log as a data dir's file, record by record. Every `load` reads it again: another
 * node may have run the session's last turn.
 */
export interface ConversationBacking {
  /**
   * The stored log replayed: the state at its end, or at mark `untilMark` (none yet:
   * undefined), whether that mark is there, and how many records the log holds (0 also when
   * only an older hub's whole state is there).
   */
  read(sessionId: string, untilMark?: string): Promise<{ state?: ConversationState; length: number; found: boolean }>;
  /** The records after the first `after`, in order (a node that read the log before reads only what is new). */
  since(sessionId: string, after: number): Promise<unknown[]>;
  /**
   * Appends `record` as the log's record number `length + 1`; false, with nothing written, when
   * the log has moved past `length` meanwhile (another node wrote). Throws while another node
   * holds a live lease on the session.
   */
  append(sessionId: string, length: number, record: ConversationRecord): Promise<boolean>;
  /** How many records the log holds now. */
  length(sessionId: string): Promise<number>;
  /** Gives `toSession`, which has no log yet (a fork), a copy of `fromSession`'s, marks included. */
  copy(fromSession: string, toSession: string): Promise<void>;
  remove(sessionId: string): Promise<void>;
}

/** What marking a shared log found: marked, or the log was empty and this is the state then (an older hub's whole state, or none). */
export type SharedMark = { marked: true } | { marked: false; state: ConversationState | undefined };

/**
 * Each session's model conversation (previous response id, and the history), in an append-only
 * log `<dataDir>/conversations/<sessionId>.jsonl` (see conversation-log.ts: a step appends what
 * it added, a snapshot a one-line mark) or a shared backing, written after every change so a
 * session picks up its context after a restart. Without either it stays in memory. A
 * `<sessionId>.json` of an older hub is read when there is no log yet.
 */
export class ConversationStore {
  private readonly memory = new Map<string, ConversationState>();
  private readonly writes = new Map<string, Promise<void>>();
  /** Each session's write that has not started yet: saves meanwhile join it (it writes the newest state), until a mark seals it. */
  private readonly queued = new Map<string, { state: ConversationState }>();
  /**
   * The state each session's log ends with on disk, as this process knows it: none while an
   * append is on its way or after one failed (the next write is then a `full` record).
   */
  private readonly logged = new Map<string, ConversationState>();
  /** Shared backing: how many records each session's log held when this node last read or wrote it. */
  private readonly lengths = new Map<string, number>();
  /** The logs' open descriptors (none without a data dir). */
  private readonly files: AppendFiles;
  /** Logs this process appended to, so they end with a complete line (the first append of a run starts a new line, past a torn one). */
  private readonly clean = new Set<string>();

  constructor(private readonly options: { dataDir?: string; backing?: ConversationBacking; logger?: Pick<Logger, "error"> } = {}) {
    this.files = new AppendFiles({ folder: join(options.dataDir ?? ".", "conversations") });
  }

  /** True when other hub nodes share the conversations (a loaded one may be stale by the next turn). */
  get shared(): boolean {
    return this.options.backing !== undefined;
  }

  async load(sessionId: string): Promise<ConversationState | undefined> {
    const { backing, dataDir } = this.options;
    if (backing) {
      // This node's own saves first, then the shared log (possibly longer, from another node).
      await this.writes.get(sessionId);
      const known = this.lengths.get(sessionId);
      const logged = this.logged.get(sessionId);
      if (known && logged) {
        // This node knows how the log ended after `known` records: only what came since is read
        // (a long session's log is megabytes, read at every turn's start).
        const added = await backing.since(sessionId, known);
        const state = added.length === 0 ? copyConversation(logged) : replayRecords(added, undefined, copyConversation(logged)).state;
        if (state) {
          this.lengths.set(sessionId, known + added.length);
          if (added.length > 0) this.logged.set(sessionId, copyConversation(state));
          return state;
        }
      }
      const { state, length } = await backing.read(sessionId);
      // The log ends with this state after `length` records: the next save appends what it adds.
      this.lengths.set(sessionId, length);
      if (state && length > 0) this.logged.set(sessionId, copyConversation(state));
      else this.logged.delete(sessionId);
      return state;
    }
    const cached = this.memory.get(sessionId);
    if (cached || !dataDir) return cached && copyConversation(cached);
    await this.writes.get(sessionId);
    const log = await readFile(this.fileOf(sessionId), "utf8").catch(ifMissing(undefined));
    if (log !== undefined) {
      const { state } = replayLog(log);
      // The log ends with this state: the next save appends what it adds to it.
      if (state && !this.memory.has(sessionId)) this.logged.set(sessionId, copyConversation(state));
      return state;
    }
    const stored = await readJsonFile(this.legacyFileOf(sessionId));
    return isConversation(stored) ? stored : undefined;
  }

  /**
   * The latest saved state as held in memory, without a copy; undefined when none is held
   * (shared backing, or not loaded since a restart). Callers must not change it: `save`
   * replaces the held state, it never mutates it (each save is its own object).
   */
  peek(sessionId: string): ConversationState | undefined {
    return this.memory.get(sessionId);
  }

  /**
   * Keeps the latest state; writes one after another, each with the newest state (saves made
   * while a write is queued join it), appended to the log without fsync. The state is the
   * store's from here on, not copied (a long session's history is megabytes, saved at every
   * step): callers hand over a state they no longer change — the agent loop's `snapshot()` is
   * a copy already.
   */
  save(sessionId: string, state: ConversationState): void {
    this.memory.set(sessionId, state);
    const { backing, dataDir } = this.options;
    if (!dataDir && !backing) return;
    const waiting = this.queued.get(sessionId);
    if (waiting) {
      waiting.state = state;
      return;
    }
    const job = { state };
    this.queued.set(sessionId, job);
    const previous = this.writes.get(sessionId) ?? Promise.resolve();
    const next = previous
      .then(async () => {
        if (this.queued.get(sessionId) === job) this.queued.delete(sessionId);
        if (backing) {
          // Shared: the backing is the truth; this node keeps no copy that could go stale.
          if (this.memory.get(sessionId) === job.state) this.memory.delete(sessionId);
          await this.appendShared(backing, sessionId, job.state);
          return;
        }
        // What this step added (a long session's history runs to megabytes), or the whole state.
        const record = recordFor(this.logged.get(sessionId), job.state);
        this.logged.delete(sessionId); // until the append returns, the log's end is not known
        await this.append(sessionId, record);
        this.logged.set(sessionId, job.state);
      })
      .catch((error: unknown) => this.options.logger?.error({ err: error, sessionId }, "conversation save failed"));
    this.writes.set(sessionId, next);
  }

  /**
   * Marks the log, once it ends with `state` (a saved state, as `peek` hands it out), as
   * snapshot `key` (one short line); false when the log does not end with it (a newer save, a
   * failed write) or there is no log (memory only, shared backing). Runs in the session's write
   * queue, after the saves before it.
   */
  mark(sessionId: string, state: ConversationState, key: string): Promise<boolean> {
    if (!this.options.dataDir || this.options.backing) return Promise.resolve(false);
    return this.afterSaves(sessionId, async () => {
      if (this.logged.get(sessionId) !== state) return false;
      await this.append(sessionId, { mark: key });
      return true;
    }).catch(() => false);
  }

  /**
   * Shared backing: marks the log, as it ends once the saves queued so far are written, as
   * snapshot `key` (one short record, instead of the whole state per snapshot). An empty log
   * gets no mark: the state then (none, or an older hub's) comes back to be kept otherwise.
   * When another node wrote since this one last read, the mark goes at the log's new end, the
   * conversation as a load would read it.
   */
  markShared(sessionId: string, key: string): Promise<SharedMark> {
    const { backing } = this.options;
    if (!backing) return Promise.reject(new Error("markShared needs a shared backing"));
    return this.afterSaves(sessionId, async (): Promise<SharedMark> => {
      const length = this.lengths.get(sessionId) ?? (await backing.length(sessionId));
      if (length === 0) return { marked: false, state: (await backing.read(sessionId)).state };
      this.lengths.delete(sessionId); // until the append returns, the log's end is not known
      const end = await this.appendAtEnd(backing, sessionId, length, { mark: key }, { mark: key });
      // Placed further on: another node wrote meanwhile, so the state this node knew is not the log's.
      if (end !== length + 1) this.logged.delete(sessionId);
      this.lengths.set(sessionId, end);
      return { marked: true };
    });
  }

  /**
   * Runs `job` in the session's write queue, after the saves queued so far; a save made after
   * it writes on its own (it does not join a write before the job). The queue goes on whether
   * the job succeeds or fails.
   */
  private afterSaves<T>(sessionId: string, job: () => Promise<T>): Promise<T> {
    this.queued.delete(sessionId);
    const done = (this.writes.get(sessionId) ?? Promise.resolve()).then(job);
    this.writes.set(
      sessionId,
      done.then(
        () => undefined,
        () => undefined,
      ),
    );
    return done;
  }

  /** The state the log held at mark `key`; undefined when the log has no such mark. */
  async readMark(sessionId: string, key: string): Promise<ConversationState | undefined> {
    const { backing, dataDir } = this.options;
    if (backing) {
      await this.writes.get(sessionId);
      const replayed = await backing.read(sessionId, key);
      return replayed.found ? replayed.state : undefined;
    }
    if (!dataDir) return undefined;
    await this.writes.get(sessionId);
    const log = await readFile(this.fileOf(sessionId), "utf8").catch(ifMissing(undefined));
    if (log === undefined) return undefined;
    const replayed = replayLog(log, key);
    return replayed.found ? replayed.state : undefined;
  }

  /**
   * Gives a new session (a fork) a copy of another's log, marks included, so the snapshots it
   * copied resolve in its own log; its first save then appends its whole state.
   */
  async copyLog(fromSession: string, toSession: string): Promise<void> {
    const { backing, dataDir } = this.options;
    if (!dataDir && !backing) return;
    await this.writes.get(fromSession);
    await this.writes.get(toSession);
    this.logged.delete(toSession);
    this.lengths.delete(toSession);
    if (backing) return backing.copy(fromSession, toSession);
    this.clean.delete(toSession);
    this.files.forget(this.fileOf(toSession));
    await copyFile(this.fileOf(fromSession), this.fileOf(toSession)).catch(ifMissing(undefined));
  }

  /** Forgets a session's conversation and removes its file (after its pending save). */
  async delete(sessionId: string): Promise<void> {
    this.memory.delete(sessionId);
    this.logged.delete(sessionId);
    this.lengths.delete(sessionId);
    this.clean.delete(sessionId);
    await this.writes.get(sessionId);
    this.writes.delete(sessionId);
    if (this.options.backing) await this.options.backing.remove(sessionId);
    else if (this.options.dataDir) {
      this.files.forget(this.fileOf(sessionId));
      await rm(this.fileOf(sessionId), { force: true });
      await rm(this.legacyFileOf(sessionId), { force: true });
    }
  }

  /** Resolves when every save so far is written. */
  async flush(): Promise<void> {
    await Promise.all(this.writes.values());
  }

  /** Writes every save so far and closes the logs (the hub is stopping). */
  async close(): Promise<void> {
    await this.flush();
    await this.files.closeAll();
  }

  /** Resolves when every save of one session so far is written. */
  async flushSession(sessionId: string): Promise<void> {
    await this.writes.get(sessionId);
  }

  /**
   * A save to the shared log: what the step added when this node knows how the log ends;
   * otherwise, or when another node wrote since (the position is taken), the whole state at the
   * log's current end, so the log never gets an addition that does not fit.
   */
  private async appendShared(backing: ConversationBacking, sessionId: string, state: ConversationState): Promise<void> {
    const known = this.lengths.get(sessionId);
    const logged = this.logged.get(sessionId);
    this.logged.delete(sessionId);
    this.lengths.delete(sessionId);
    // No state known (`logged` unset, also whenever `known` is): the whole state.
    const end = await this.appendAtEnd(backing, sessionId, known, recordFor(logged, state), { full: state });
    this.logged.set(sessionId, state);
    this.lengths.set(sessionId, end);
  }

  /**
   * Appends `record` after the shared log's first `length` records (unknown: after all it holds);
   * when that position is taken (another node wrote since), `again` at the log's new end instead.
   * Resolves with the log's length after it; throws when the log moved on again meanwhile.
   */
  private async appendAtEnd(backing: ConversationBacking, sessionId: string, length: number | undefined, record: ConversationRecord, again: ConversationRecord): Promise<number> {
    let at = length ?? (await backing.length(sessionId));
    if (await backing.append(sessionId, at, record)) return at + 1;
    at = await backing.length(sessionId);
    if (await backing.append(sessionId, at, again)) return at + 1;
    throw new Error(`conversation of session ${sessionId} not saved: its log keeps moving`);
  }

  /**
   * Appends one record (no fsync: the timeline's durability, a `kill -9` loses nothing the
   * append returned from). The first append of a run, and the first after a failed one, starts
   * on a new line, so a torn line stays one unreadable line that replay skips.
   */
  private async append(sessionId: string, record: ConversationRecord): Promise<void> {
    const line = `${this.clean.has(sessionId) ? "" : "\n"}${JSON.stringify(record)}\n`;
    this.clean.delete(sessionId); // a failed append (a full disk) may leave part of a line behind
    await this.files.append(this.fileOf(sessionId), line);
    this.clean.add(sessionId);
  }

  private fileOf(sessionId: string): string {
    return `${this.legacyFileOf(sessionId).slice(0, -".json".length)}.jsonl`;
  }

  /** The whole-state file of hubs before the log. */
  private legacyFileOf(sessionId: string): string {
    if (!/^[A-Za-z0-9_-]{1,128}$/.test(sessionId)) throw new Error(`unsafe session id ${JSON.stringify(sessionId)}`);
    return join(this.options.dataDir ?? ".", "conversations", `${sessionId}.json`);
  }
}

/** For `.catch`: a missing file is `value`, anything else rethrown. */
function ifMissing<T>(value: T): (error: NodeJS.ErrnoException) => T {
  return (error) => {
    if (error.code === "ENOENT") return value;
    throw error;
  };
}
