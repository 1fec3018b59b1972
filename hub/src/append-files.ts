import { closeSync, openSync, write, writeSync } from "node:fs";

/** Appends this long or longer go through the thread pool; shorter ones are one synchronous `write`. */
const SYNC_LIMIT = 64 * 1024;

/**
 * Append-only files kept open, least recently used closed beyond `maxOpen`: an append is one
 * `write(2)`, not open, write and close (B1: `appendFile`'s open and close were a sixth of a
 * turn's CPU). Short appends are written synchronously (a few µs to the page cache, as the
 * timeline's JSONL), long ones on the thread pool so a megabyte never holds the event loop.
 * Callers keep each file's appends in order (one queue per file); a descriptor with an append
 * in flight is never closed by the bound.
 */
export class AppendFiles {
  /** Open descriptors by path, least recently used first (a Map keeps insertion order). */
  private readonly open = new Map<string, { fd: number; writing: number }>();

  constructor(private readonly maxOpen = 64) {}

  async append(path: string, text: string): Promise<void> {
    const file = this.fileOf(path);
    const bytes = Buffer.from(text, "utf8");
    if (bytes.length < SYNC_LIMIT) {
      let offset = 0;
      while (offset < bytes.length) offset += writeSync(file.fd, bytes, offset, bytes.length - offset);
      return;
    }
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

  closeAll(): void {
    for (const path of [...this.open.keys()]) this.forget(path);
  }

  private fileOf(path: string): { fd: number; writing: number } {
    let file = this.open.get(path);
    if (file) {
      this.open.delete(path); // to the most recently used end
      this.open.set(path, file);
      return file;
    }
    file = { fd: openSync(path, "a", 0o600), writing: 0 };
    this.open.set(path, file);
    for (const [old, entry] of this.open) {
      if (this.open.size <= this.maxOpen) break;
      if (entry === file || entry.writing > 0) continue;
      this.open.delete(old);
      closeSync(entry.fd);
    }
    return file;
  }
}

function writeAt(fd: number, bytes: Buffer, offset: number): Promise<number> {
  return new Promise((resolve, reject) => write(fd, bytes, offset, bytes.length - offset, null, (error, written) => (error ? reject(error) : resolve(written))));
}
