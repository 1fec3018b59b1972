import { join } from "node:path";
import { z } from "zod";
import { readJsonFile, writeJsonFile } from "../json-file.js";

/** Called with the context and its new session id (null when cleared). */
export type ActiveSessionListener = (context: string, sessionId: string | null) => void;

const Stored = z.record(z.string(), z.string());

/**
 * Which session is active in which context (an editor window, a chat channel, ...).
 * Kept in `<dataDir>/active-sessions.json` so it survives restarts.
 */
export class ActiveSessionRegistry {
  private readonly map = new Map<string, string>();
  private readonly listeners = new Set<ActiveSessionListener>();
  private saving: Promise<void> = Promise.resolve();

  constructor(private readonly options: { dataDir?: string } = {}) {}

  async load(): Promise<void> {
    if (!this.options.dataDir) return;
    const parsed = Stored.safeParse(await readJsonFile(this.file()));
    if (parsed.success) for (const [context, id] of Object.entries(parsed.data)) this.map.set(context, id);
  }

  get(context: string): string | null {
    return this.map.get(context) ?? null;
  }

  /** Sets (or with null clears) a context's session; resolves once saved. */
  async set(context: string, sessionId: string | null): Promise<void> {
    if (sessionId === null) this.map.delete(context);
    else this.map.set(context, sessionId);
    for (const listener of this.listeners) listener(context, sessionId);
    await this.save();
  }

  listContexts(): { context: string; sessionId: string }[] {
    return [...this.map].map(([context, sessionId]) => ({ context, sessionId }));
  }

  subscribe(listener: ActiveSessionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private file(): string {
    return join(this.options.dataDir ?? ".", "active-sessions.json");
  }

  private save(): Promise<void> {
    if (!this.options.dataDir) return Promise.resolve();
    // Saves run one after another; each writes the latest map.
    this.saving = this.saving.catch(() => undefined).then(() => writeJsonFile(this.file(), Object.fromEntries(this.map)));
    return this.saving;
  }
}
