import { close, closeSync, fdatasync, mkdirSync, openSync, write, writeSync } from "node:fs";

/** Appends this long or longer go through the thread pool (`append`); shorter ones are one synchronous `write`. */
const SYNC_LIMIT = 64 * 1024;

/**
 * Append-only files kept open, least recently used closed beyond `maxOpen`: an append is one
 * `write(2)`, not open, write and close (B1: `appendFile`'s open and close were a sixth of a
 * turn's CPU), and thousands of sessions never exhaust file descriptors. The timeline's JSONL
 * logs and the conversation logs both append through it.
 * - `appendSync` writes at once (a few µs to the page cache; what returned survives a `kill -9`).
 * - `append` does the same below 64 KiB, and puts longer text on the thread pool so a megabyte
 *   never holds the event loop.
 * Callers keep each file's appends in order (one queue per file); a descriptor with an append in
 * flight is never closed by the bound. A file's folder is made when it is missing.
 */
export class AppendFiles {
  /** Open descriptors by path, least recently used first (a Map keeps insertion order). */
  private readonly open = new Map<string, { fd: number; writing: number }>();

  constructor(private readonly options: { folder: string; maxOpen?: number }) {}

  appendSync(path: string, text: string): void {
    writeAllSync(this.fileOf(path).fd, Buffer.from(text, "utf8"));
  }

  async append(path: string, text: string): Promise<void> {
    const file = this.fileOf(path);
    const bytes = Buffer.from(text, "utf8");
    if (bytes.length < SYNC_LIMIT) return writeAllSync(file.fd, bytes);
    file.writing += 1;
    try {
      let offset = 0;
      while (offset < bytes.length) offset += await writeAt(file.fd, bytes, offset);
    } finally {
      file.writing -= 1;
    }
  }

  /** Closes a file's descriptor (before the file is removed or replaced); call with no append of it in flight. */
  forget(path: string): void {
    const file = this.open.get(path);
    if (!file) return;
    this.open.delete(path);
    closeSync(file.fd);
  }

  /** Closes every descriptor; with `sync`, each is fdatasynced first, all at once on the thread pool (a failed sync still closes). */
  async closeAll(options: { sync?: boolean } = {}): Promise<void> {
    const fds = [...this.open.values()].map((file) => file.fd);
    this.open.clear();
    await Promise.all(fds.map((fd) => new Promise<void>((resolve) => (options.sync ? fdatasync(fd, () => close(fd, () => resolve())) : close(fd, () => resolve())))));
  }

  private fileOf(path: string): { fd: number; writing: number } {
    let file = this.open.get(path);
    if (file) {
      this.open.delete(path); // to the most recently used end
      this.open.set(path, file);
      return file;
    }
    file = { fd: openAppend(path, this.options.folder), writing: 0 };
    this.open.set(path, file);
    // Closes the least recently used descriptors beyond the bound (never the one just opened, nor one being written).
    for (const [old, entry] of this.open) {
      if (this.open.size <= Math.max(1, this.options.maxOpen ?? 64)) break;
      if (entry === file || entry.writing > 0) continue;
      this.open.delete(old);
      closeSync(entry.fd);
    }
    return file;
  }
}

/** Opens `path` for appending (owner only), making its folder when it is missing. */
function openAppend(path: string, folder: string): number {
  try {
    return openSync(path, "a", 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    return openSync(path, "a", 0o600);
  }
}

function writeAllSync(fd: number, bytes: Buffer): void {
  let offset = 0;
  while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
}

function writeAt(fd: number, bytes: Buffer, offset: number): Promise<number> {
  return new Promise((resolve, reject) => write(fd, bytes, offset, bytes.length - offset, null, (error, written) => (error ? reject(error) : resolve(written))));
}
