import { mkdir, open, readdir, readFile, rename, rm, truncate } from "node:fs/promises";
import { createReadStream } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { AppendFiles } from "../append-files.js";
import { parseJsonLines } from "../json-file.js";
import type { SessionEvent } from "@aiflare/protocol";
import type { LogRecord, SessionRecords, StoredLog, TimelinePersistence } from "./log-record.js";
import { inSeqOrder, validEvent } from "./stored-events.js";

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
    const log = await eventsIn(sessionId, this.pathOf(sessionId), afterSeq, untilSeq);
    const archive = await eventsIn(sessionId, this.archiveOf(sessionId), afterSeq, untilSeq);
    return inSeqOrder([...log, ...archive]);
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

  /** Appends the log's event lines that the compacted `records` leave out to the archive, as they are, synced. */
  private async archiveDropped(sessionId: string, records: readonly LogRecord[]): Promise<void> {
    const kept = new Set(records.flatMap((record) => (record.t === "event" ? [record.v.seq] : [])));
    let out = "";
    for await (const line of lines(this.pathOf(sessionId))) {
      const seq = eventSeq(line);
      if (seq !== undefined && !kept.has(seq)) out += `${line}\n`;
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

/** A JSONL file's lines, read in chunks (the event loop runs between them); none when it is missing. */
async function* lines(path: string): AsyncGenerator<string> {
  const input = createReadStream(path, { encoding: "utf8" });
  try {
    for await (const line of createInterface({ input, crlfDelay: Infinity })) if (line !== "") yield line;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  } finally {
    input.destroy();
  }
}

/**
 * The seq of an event line as this persistence writes it, without parsing the line: the store
 * builds an event as `{...body, id, sessionId, seq, createdAt}`, so the last `"seq":` key is the
 * event's own (inside a JSON string a quote is escaped, so the text `"seq":` is always a key).
 * Undefined for any other line.
 */
function eventSeq(line: string): number | undefined {
  if (!line.startsWith('{"t":"event"')) return undefined;
  const at = line.lastIndexOf('"seq":');
  const seq = at === -1 ? Number.NaN : Number.parseInt(line.slice(at + 6, at + 30), 10);
  if (Number.isSafeInteger(seq)) return seq;
  try {
    const record = JSON.parse(line) as { v?: { seq?: unknown } };
    return typeof record.v?.seq === "number" ? record.v.seq : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The valid events of `sessionId` in a JSONL file with `afterSeq < seq <= untilSeq`, in file
 * order; only those lines are parsed, and the event loop runs between chunks of the file.
 */
async function eventsIn(sessionId: string, path: string, afterSeq: number, untilSeq: number): Promise<SessionEvent[]> {
  const events: SessionEvent[] = [];
  for await (const line of lines(path)) {
    const seq = eventSeq(line);
    if (seq === undefined || seq <= afterSeq || seq > untilSeq) continue;
    try {
      const event = validEvent(sessionId, (JSON.parse(line) as { v?: unknown }).v);
      if (event) events.push(event);
    } catch {
      // a torn or damaged line: skipped, as at load
    }
  }
  return events;
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
