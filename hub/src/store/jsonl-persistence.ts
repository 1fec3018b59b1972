import { mkdir, open, readdir, readFile, rename, rm, truncate } from "node:fs/promises";
import { join } from "node:path";
import { AppendFiles } from "../append-files.js";
import { parseJsonLines } from "../json-file.js";
import type { SessionEvent } from "@aiflare/protocol";
import type { LogRecord, SessionRecords, StoredLog, TimelinePersistence } from "./log-record.js";
import { storedEvents } from "./stored-events.js";

const LOG_SUFFIX = ".jsonl";
const TMP_SUFFIX = ".jsonl.tmp";
/** Under the sessions folder: the events compactions took off each log. */
const ARCHIVE_DIR = "archive";
const SAFE_ID = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * One append-only JSONL file per session under `<dir>/sessions`. An append is one `write`
 * on an open descriptor, whatever the log's length. Writes are synchronous: a group commit
 * writes every session's batch in one pass of `write(2)` calls to the page cache (measured
 * ~4 µs CPU per session against ~20 µs for a thread-pool write and its promise; see
 * plan/benchmarks.md), and a `kill -9` cannot take back what `write` returned from. A torn
 * last line (a crash mid-write) is cut off at load; compaction writes a temp file, fsyncs it
 * and renames it over the log, after appending the events it leaves out to
 * `<dir>/sessions/archive/<id>.jsonl` (synced), which only `readEvents` reads.
 */
export class JsonlPersistence implements TimelinePersistence {
  private readonly dir: string;
  /** The logs' append descriptors, at most `maxOpenFiles` open. */
  private readonly files: AppendFiles;

  /** `maxOpenFiles` bounds the append handles kept open, so thousands of sessions never exhaust file descriptors. */
  constructor(options: { dataDir: string; maxOpenFiles?: number }) {
    this.dir = join(options.dataDir, "sessions");
    this.files = new AppendFiles({ folder: this.dir, maxOpen: options.maxOpenFiles ?? 128 });
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
    const { records, skipped } = parseJsonLines(buffer.toString("utf8", 0, end));
    return { sessionId, records, skippedLines: skippedLines + skipped };
  }

  append(sessionId: string, records: readonly LogRecord[]): Promise<void> {
    return new Promise((resolve) => {
      this.write(sessionId, records); // a throw here rejects the promise
      resolve();
    });
  }

  /** Group commit: every session's batch, one `write` each, in one synchronous pass. */
  appendMany(batches: readonly SessionRecords[]): Promise<PromiseSettledResult<void>[]> {
    return Promise.resolve(
      batches.map(({ sessionId, records }): PromiseSettledResult<void> => {
        try {
          this.write(sessionId, records);
          return { status: "fulfilled", value: undefined };
        } catch (reason) {
          return { status: "rejected", reason };
        }
      }),
    );
  }

  async rewrite(sessionId: string, records: readonly LogRecord[]): Promise<void> {
    const path = this.pathOf(sessionId);
    await this.archiveDropped(sessionId, records);
    const tmp = join(this.dir, `${sessionId}${TMP_SUFFIX}`);
    const out = await open(tmp, "w", 0o600);
    try {
      await out.write(serialize(records));
      await out.sync();
    } finally {
      await out.close();
    }
    this.files.forget(path);
    await rename(tmp, path);
    await syncDir(this.dir);
  }

  /**
   * The log first, then the archive: a compaction archives before it replaces the log, so
   * whichever log this reads, the archive read after it holds what that log lacks.
   */
  async readEvents(sessionId: string, afterSeq: number, untilSeq: number): Promise<SessionEvent[]> {
    const log = await readLines(this.pathOf(sessionId));
    const archive = await readLines(this.archiveOf(sessionId));
    return storedEvents(sessionId, [...log, ...archive], afterSeq, untilSeq);
  }

  async delete(sessionId: string): Promise<void> {
    const path = this.pathOf(sessionId);
    this.files.forget(path);
    await rm(path, { force: true });
    await rm(this.archiveOf(sessionId), { force: true });
    await rm(join(this.dir, `${sessionId}${TMP_SUFFIX}`), { force: true });
    await syncDir(this.dir);
  }

  /** fdatasyncs and closes every descriptor, all at once on the thread pool. */
  async close(): Promise<void> {
    await this.files.closeAll({ sync: true });
  }

  private write(sessionId: string, records: readonly LogRecord[]): void {
    if (records.length === 0) return;
    this.files.appendSync(this.pathOf(sessionId), serialize(records));
  }

  /** Appends the log's events that the compacted `records` leave out to the archive, synced. */
  private async archiveDropped(sessionId: string, records: readonly LogRecord[]): Promise<void> {
    const kept = new Set(records.flatMap((record) => (record.t === "event" ? [record.v.seq] : [])));
    let out = "";
    for (const record of await readLines(this.pathOf(sessionId))) {
      const { t, v } = record as { t?: unknown; v?: { seq?: unknown } };
      if (t === "event" && typeof v?.seq === "number" && !kept.has(v.seq)) out += `${JSON.stringify(record)}\n`;
    }
    if (out === "") return;
    await mkdir(join(this.dir, ARCHIVE_DIR), { recursive: true, mode: 0o700 });
    const archive = await open(this.archiveOf(sessionId), "a", 0o600);
    try {
      await archive.write(out);
      await archive.sync();
    } finally {
      await archive.close();
    }
  }

  private archiveOf(sessionId: string): string {
    return join(this.dir, ARCHIVE_DIR, `${this.safe(sessionId)}${LOG_SUFFIX}`);
  }

  private safe(sessionId: string): string {
    if (!SAFE_ID.test(sessionId)) throw new Error(`unsafe session id for a file name: ${JSON.stringify(sessionId)}`);
    return sessionId;
  }

  private pathOf(sessionId: string): string {
    return join(this.dir, `${this.safe(sessionId)}${LOG_SUFFIX}`);
  }
}

/** A JSONL file's parsed lines (none when it is missing; unreadable lines skipped). */
async function readLines(path: string): Promise<unknown[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  return parseJsonLines(text).records;
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
