import { link, rm } from "node:fs/promises";
import { join } from "node:path";
import type { ConversationState } from "@aiflare/core";
import { readJsonFile, replaceFile } from "../json-file.js";
import type { Logger } from "../logger.js";

/**
 * Where conversations live when several hub nodes share them (cluster: PostgreSQL). Every
 * `load` reads it again: another node may have run the session's last turn.
 */
export interface ConversationBacking {
  read(sessionId: string): Promise<unknown>;
  write(sessionId: string, state: ConversationState): Promise<void>;
  remove(sessionId: string): Promise<void>;
}

/**
 * Each session's model conversation (previous response id, or the full stateless history),
 * in `<dataDir>/conversations/<sessionId>.json` (or a shared backing), written after every
 * change so a session picks up its context after a restart. Without either it stays in memory.
 */
export class ConversationStore {
  private readonly memory = new Map<string, ConversationState>();
  private readonly writes = new Map<string, Promise<void>>();
  /** Sessions whose next write is queued already (it writes the newest state, so saves meanwhile need none of their own). */
  private readonly queued = new Set<string>();
  /** Bumped by every save and delete: equal versions mean the same conversation. */
  private readonly versions = new Map<string, number>();
  /** The version each session's file on disk holds. */
  private readonly written = new Map<string, number>();

  constructor(private readonly options: { dataDir?: string; backing?: ConversationBacking; logger?: Pick<Logger, "error"> } = {}) {}

  /** True when other hub nodes share the conversations (a loaded one may be stale by the next turn). */
  get shared(): boolean {
    return this.options.backing !== undefined;
  }

  async load(sessionId: string): Promise<ConversationState | undefined> {
    const { backing, dataDir } = this.options;
    let stored: unknown;
    if (backing) {
      // This node's own saves first, then the shared copy (possibly newer, from another node).
      await this.writes.get(sessionId);
      stored = await backing.read(sessionId);
    } else {
      const cached = this.memory.get(sessionId);
      if (cached || !dataDir) return cached && structuredClone(cached);
      stored = await readJsonFile(this.fileOf(sessionId));
    }
    return isConversation(stored) ? stored : undefined;
  }

  /**
   * The latest saved state as held in memory, without a copy, and its version; undefined when
   * none is held (shared backing, or not loaded since a restart). Callers must not change it:
   * `save` replaces the held state, it never mutates it.
   */
  peek(sessionId: string): { state: ConversationState; version: number } | undefined {
    const state = this.memory.get(sessionId);
    return state && { state, version: this.versions.get(sessionId) ?? 0 };
  }

  /**
   * Keeps the latest state; writes one after another, each with the newest state (saves made
   * while a write is queued join it). Files are replaced without fsync, the timeline's
   * durability (see replaceFile). The state is the store's from here on, not copied (a long
   * session's history is megabytes, saved at every step): callers hand over a state they no
   * longer change — the agent loop's `snapshot()` is a copy already.
   */
  save(sessionId: string, state: ConversationState): void {
    this.versions.set(sessionId, (this.versions.get(sessionId) ?? 0) + 1);
    this.memory.set(sessionId, state);
    const { backing, dataDir } = this.options;
    if ((!dataDir && !backing) || this.queued.has(sessionId)) return;
    this.queued.add(sessionId);
    const previous = this.writes.get(sessionId) ?? Promise.resolve();
    const next = previous
      .then(async () => {
        this.queued.delete(sessionId);
        const version = this.versions.get(sessionId) ?? 0;
        const latest = this.memory.get(sessionId);
        if (!latest) return;
        if (backing) {
          // Shared: the backing is the truth; this node keeps no copy that could go stale.
          this.memory.delete(sessionId);
          await backing.write(sessionId, latest);
          return;
        }
        // Not indented: a long session's history runs to megabytes, written every step.
        this.written.delete(sessionId); // while the file is being replaced it holds no known version
        await replaceFile(join(dataDir ?? ".", "conversations"), this.fileOf(sessionId), `${JSON.stringify(latest)}\n`);
        this.written.set(sessionId, version);
      })
      .catch((error: unknown) => this.options.logger?.error({ err: error, sessionId }, "conversation save failed"));
    this.writes.set(sessionId, next);
  }

  /**
   * Gives the saved file of `version` a second name (a hard link) once it is written; false when
   * the file on disk is not that version (a newer save, a failed write) or there is no such file
   * (memory only, shared backing). Runs in the session's write queue, so no save replaces the
   * file in between; a later save renames a new file over the name, never changes the linked one.
   */
  linkSaved(sessionId: string, version: number, path: string): Promise<boolean> {
    if (!this.options.dataDir || this.options.backing) return Promise.resolve(false);
    const linked = (this.writes.get(sessionId) ?? Promise.resolve()).then(async () => {
      if (this.written.get(sessionId) !== version) return false;
      await link(this.fileOf(sessionId), path);
      return true;
    });
    const settled = linked.catch(() => false);
    this.writes.set(sessionId, settled.then(() => undefined));
    return settled;
  }

  /** Forgets a session's conversation and removes its file (after its pending save). */
  async delete(sessionId: string): Promise<void> {
    this.memory.delete(sessionId);
    this.written.delete(sessionId);
    this.versions.set(sessionId, (this.versions.get(sessionId) ?? 0) + 1);
    await this.writes.get(sessionId);
    this.writes.delete(sessionId);
    if (this.options.backing) await this.options.backing.remove(sessionId);
    else if (this.options.dataDir) await rm(this.fileOf(sessionId), { force: true });
  }

  /** Resolves when every save so far is written. */
  async flush(): Promise<void> {
    await Promise.all(this.writes.values());
  }

  /** Resolves when every save of one session so far is written. */
  async flushSession(sessionId: string): Promise<void> {
    await this.writes.get(sessionId);
  }

  private fileOf(sessionId: string): string {
    if (!/^[A-Za-z0-9_-]{1,128}$/.test(sessionId)) throw new Error(`unsafe session id ${JSON.stringify(sessionId)}`);
    return join(this.options.dataDir ?? ".", "conversations", `${sessionId}.json`);
  }
}

function isConversation(value: unknown): value is ConversationState {
  const state = value as ConversationState | undefined;
  return Boolean(state && typeof state === "object" && Array.isArray(state.history) && Array.isArray(state.pending));
}
