import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import type { ConversationState } from "@aiflare/core";
import { readJsonFile, writeJsonFile } from "../json-file.js";
import type { Logger } from "../logger.js";

/**
 * Each session's model conversation (previous response id, or the full stateless history),
 * in `<dataDir>/conversations/<sessionId>.json`, written atomically after every change so a
 * session picks up its context after a restart. Without a data dir it stays in memory.
 */
export class ConversationStore {
  private readonly memory = new Map<string, ConversationState>();
  private readonly writes = new Map<string, Promise<void>>();

  constructor(private readonly options: { dataDir?: string; logger?: Pick<Logger, "error"> } = {}) {}

  async load(sessionId: string): Promise<ConversationState | undefined> {
    const cached = this.memory.get(sessionId);
    if (cached || !this.options.dataDir) return cached && structuredClone(cached);
    const stored = (await readJsonFile(this.fileOf(sessionId))) as ConversationState | undefined;
    const valid = stored && typeof stored === "object" && Array.isArray(stored.history) && Array.isArray(stored.pending);
    return valid ? stored : undefined;
  }

  /** Keeps the latest state; writes one after another, each with the newest state. */
  save(sessionId: string, state: ConversationState): void {
    this.memory.set(sessionId, structuredClone(state));
    const dataDir = this.options.dataDir;
    if (!dataDir) return;
    const previous = this.writes.get(sessionId) ?? Promise.resolve();
    const next = previous
      .then(async () => {
        const latest = this.memory.get(sessionId);
        if (!latest) return;
        // The folder is made on the first save only, not with a mkdir per turn.
        await writeJsonFile(this.fileOf(sessionId), latest).catch(async (error: NodeJS.ErrnoException) => {
          if (error.code !== "ENOENT") throw error;
          await mkdir(join(dataDir, "conversations"), { recursive: true, mode: 0o700 });
          await writeJsonFile(this.fileOf(sessionId), latest);
        });
      })
      .catch((error: unknown) => this.options.logger?.error({ err: error, sessionId }, "conversation save failed"));
    this.writes.set(sessionId, next);
  }

  /** Forgets a session's conversation and removes its file (after its pending save). */
  async delete(sessionId: string): Promise<void> {
    this.memory.delete(sessionId);
    await this.writes.get(sessionId);
    this.writes.delete(sessionId);
    if (this.options.dataDir) await rm(this.fileOf(sessionId), { force: true });
  }

  /** Resolves when every save so far is on disk. */
  async flush(): Promise<void> {
    await Promise.all(this.writes.values());
  }

  private fileOf(sessionId: string): string {
    if (!/^[A-Za-z0-9_-]{1,128}$/.test(sessionId)) throw new Error(`unsafe session id ${JSON.stringify(sessionId)}`);
    return join(this.options.dataDir ?? ".", "conversations", `${sessionId}.json`);
  }
}
