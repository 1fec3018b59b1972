import { mkdir, open, readdir, readFile, rename, rm, truncate } from "node:fs/promises";
import type { FileHandle } from "node:fs/promises";
import { join } from "node:path";
import type { LogRecord, StoredLog, TimelinePersistence } from "./log-record.js";

const LOG_SUFFIX = ".jsonl";
const TMP_SUFFIX = ".jsonl.tmp";
const SAFE_ID = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * One append-only JSONL file per session under `<dir>/sessions`. An append is one `write`
 * on an open handle, whatever the log's length. A torn last line (a crash mid-write) is
 * cut off at load; compaction writes a temp file, fsyncs it and renames it over the log.
 */
export class JsonlPersistence implements TimelinePersistence {
  private readonly dir: string;
  /** Open append handles, least recently used first (a Map keeps insertion order). */
  private readonly handles = new Map<string, FileHandle>();
  /** Sessions with a write under way on their handle: never closed from under it. */
  private readonly busy = new Set<string>();
  private readonly maxOpen: number;

  /** `maxOpenFiles` bounds the append handles kept open, so thousands of sessions never exhaust file descriptors. */
  constructor(options: { dataDir: string; maxOpenFiles?: number }) {
    this.dir = join(options.dataDir, "sessions");
    this.maxOpen = Math.max(1, options.maxOpenFiles ?? 128);
  }

  async loadAll(): Promise<StoredLog[]> {
    await mkdir(this.dir, { recursive: true });
    const names = await readdir(this.dir);
    const logs: StoredLog[] = [];
    for (const name of names) {
      if (name.endsWith(TMP_SUFFIX)) {
        await rm(join(this.dir, name), { force: true }); // an interrupted compaction; the log itself is intact
        continue;
      }
      if (!name.endsWith(LOG_SUFFIX)) continue;
      const sessionId = name.slice(0, -LOG_SUFFIX.length);
      if (!SAFE_ID.test(sessionId)) continue;
      logs.push(await this.readLog(sessionId));
    }
    return logs;
  }

  private async readLog(sessionId: string): Promise<StoredLog> {
    const path = this.pathOf(sessionId);
    const buffer = await readFile(path);
    let end = buffer.length;
    let skippedLines = 0;
    if (end > 0 && buffer[end - 1] !== 0x0a) {
      // Torn tail: keep everything up to the last complete line and cut the rest off,
      // so the next append starts on a clean line.
      end = buffer.lastIndexOf(0x0a) + 1;
      await truncate(path, end);
      skippedLines += 1;
    }
    const records: unknown[] = [];
    const text = buffer.toString("utf8", 0, end);
    let start = 0;
    while (start < text.length) {
      let newline = text.indexOf("\n", start);
      if (newline === -1) newline = text.length;
      if (newline > start) {
        try {
          records.push(JSON.parse(text.slice(start, newline)) as unknown);
        } catch {
          skippedLines += 1;
        }
      }
      start = newline + 1;
    }
    return { sessionId, records, skippedLines };
  }

  async append(sessionId: string, records: readonly LogRecord[]): Promise<void> {
    if (records.length === 0) return;
    this.busy.add(sessionId);
    try {
      const handle = await this.handleOf(sessionId);
      await handle.write(serialize(records));
    } finally {
      this.busy.delete(sessionId);
      await this.trim();
    }
  }

  async rewrite(sessionId: string, records: readonly LogRecord[]): Promise<void> {
    const path = this.pathOf(sessionId);
    const tmp = join(this.dir, `${sessionId}${TMP_SUFFIX}`);
    const out = await open(tmp, "w", 0o600);
    try {
      await out.write(serialize(records));
      await out.sync();
    } finally {
      await out.close();
    }
    const old = this.handles.get(sessionId);
    this.handles.delete(sessionId);
    await old?.close();
    await rename(tmp, path);
    await syncDir(this.dir);
  }

  async delete(sessionId: string): Promise<void> {
    const path = this.pathOf(sessionId);
    const handle = this.handles.get(sessionId);
    this.handles.delete(sessionId);
    await handle?.close();
    await rm(path, { force: true });
    await rm(join(this.dir, `${sessionId}${TMP_SUFFIX}`), { force: true });
    await syncDir(this.dir);
  }

  async close(): Promise<void> {
    const handles = [...this.handles.values()];
    this.handles.clear();
    await Promise.all(
      handles.map(async (handle) => {
        await handle.datasync().catch(() => undefined);
        await handle.close();
      }),
    );
  }

  private async handleOf(sessionId: string): Promise<FileHandle> {
    let handle = this.handles.get(sessionId);
    if (handle) {
      this.handles.delete(sessionId); // move to the most recently used end
      this.handles.set(sessionId, handle);
      return handle;
    }
    await mkdir(this.dir, { recursive: true });
    handle = await open(this.pathOf(sessionId), "a", 0o600);
    this.handles.set(sessionId, handle);
    await this.trim();
    return handle;
  }

  /**
   * Closes the least recently used idle handles beyond the bound. Sessions writing right now
   * keep theirs, so the bound may be passed briefly; the next finished write trims again.
   */
  private async trim(): Promise<void> {
    const closing: FileHandle[] = [];
    for (const [id, handle] of this.handles) {
      if (this.handles.size <= this.maxOpen) break;
      if (this.busy.has(id)) continue;
      this.handles.delete(id); // gone from the map at once: a new write opens a fresh handle
      closing.push(handle);
    }
    await Promise.all(closing.map((handle) => handle.close()));
  }

  private pathOf(sessionId: string): string {
    if (!SAFE_ID.test(sessionId)) throw new Error(`unsafe session id for a file name: ${JSON.stringify(sessionId)}`);
    return join(this.dir, `${sessionId}${LOG_SUFFIX}`);
  }
}

function serialize(records: readonly LogRecord[]): string {
  let out = "";
  for (const record of records) out += `${JSON.stringify(record)}\n`;
  return out;
}

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } catch {
    // Some filesystems refuse fsync on directories; the rename is still atomic.
  } finally {
    await handle.close();
  }
}
