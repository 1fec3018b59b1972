import { close as closeFd, closeSync, fdatasync, mkdirSync, openSync, writeSync } from "node:fs";
import { mkdir, open, readdir, readFile, rename, rm, truncate } from "node:fs/promises";
import { join } from "node:path";
const LOG_SUFFIX = ".jsonl";
const TMP_SUFFIX = ".jsonl.tmp";
const SAFE_ID = /^[A-Za-z0-9_-]{1,128}$/;
/**
 * One append-only JSONL file per session under `<dir>/sessions`. An append is one `write`
 * on an open descriptor, whatever the log's length. Writes are synchronous: a group commit
 * writes every session's batch in one pass of `write(2)` calls to the page cache (measured
 * ~4 µs CPU per session against ~20 µs for a thread-pool write and its promise; see
 * plan/benchmarks.md), and a `kill -9` cannot take back what `write` returned from. A torn
 * last line (a crash mid-write) is cut off at load; compaction writes a temp file, fsyncs it
 * and renames it over the log.
 */
export class JsonlPersistence {
    dir;
    /** Open append descriptors, least recently used first (a Map keeps insertion order). */
    handles = new Map();
    maxOpen;
    /** `maxOpenFiles` bounds the append handles kept open, so thousands of sessions never exhaust file descriptors. */
    constructor(options) {
        this.dir = join(options.dataDir, "sessions");
        this.maxOpen = Math.max(1, options.maxOpenFiles ?? 128);
    }
    async loadAll() {
        await mkdir(this.dir, { recursive: true });
        const names = await readdir(this.dir);
        const logs = [];
        for (const name of names) {
            if (name.endsWith(TMP_SUFFIX)) {
                await rm(join(this.dir, name), { force: true }); // an interrupted compaction; the log itself is intact
                continue;
            }
            if (!name.endsWith(LOG_SUFFIX))
                continue;
            const sessionId = name.slice(0, -LOG_SUFFIX.length);
            if (!SAFE_ID.test(sessionId))
                continue;
            logs.push(await this.readLog(sessionId));
        }
        return logs;
    }
    async readLog(sessionId) {
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
        const records = [];
        const text = buffer.toString("utf8", 0, end);
        let start = 0;
        while (start < text.length) {
            let newline = text.indexOf("\n", start);
            if (newline === -1)
                newline = text.length;
            if (newline > start) {
                try {
                    records.push(JSON.parse(text.slice(start, newline)));
                }
                catch {
                    skippedLines += 1;
                }
            }
            start = newline + 1;
        }
        return { sessionId, records, skippedLines };
    }
    append(sessionId, records) {
        return new Promise((resolve) => {
            this.write(sessionId, records); // a throw here rejects the promise
            resolve();
        });
    }
    /** Group commit: every session's batch, one `write` each, in one synchronous pass. */
    appendMany(batches) {
        return Promise.resolve(batches.map(({ sessionId, records }) => {
            try {
                this.write(sessionId, records);
                return { status: "fulfilled", value: undefined };
            }
            catch (reason) {
                return { status: "rejected", reason };
            }
        }));
    }
    async rewrite(sessionId, records) {
        const path = this.pathOf(sessionId);
        const tmp = join(this.dir, `${sessionId}${TMP_SUFFIX}`);
        const out = await open(tmp, "w", 0o600);
        try {
            await out.write(serialize(records));
            await out.sync();
        }
        finally {
            await out.close();
        }
        const old = this.handles.get(sessionId);
        this.handles.delete(sessionId);
        if (old !== undefined)
            closeSync(old);
        await rename(tmp, path);
        await syncDir(this.dir);
    }
    async delete(sessionId) {
        const path = this.pathOf(sessionId);
        const handle = this.handles.get(sessionId);
        this.handles.delete(sessionId);
        if (handle !== undefined)
            closeSync(handle);
        await rm(path, { force: true });
        await rm(join(this.dir, `${sessionId}${TMP_SUFFIX}`), { force: true });
        await syncDir(this.dir);
    }
    /** fdatasyncs and closes every descriptor, all at once on the thread pool. */
    async close() {
        const fds = [...this.handles.values()];
        this.handles.clear();
        // A failed sync must not keep the descriptor open: closing matters more.
        await Promise.all(fds.map((fd) => new Promise((resolve) => fdatasync(fd, () => closeFd(fd, () => resolve())))));
    }
    write(sessionId, records) {
        if (records.length === 0)
            return;
        const bytes = Buffer.from(serialize(records), "utf8");
        const fd = this.fdOf(sessionId);
        let offset = 0;
        while (offset < bytes.length)
            offset += writeSync(fd, bytes, offset, bytes.length - offset);
    }
    fdOf(sessionId) {
        let fd = this.handles.get(sessionId);
        if (fd !== undefined) {
            this.handles.delete(sessionId); // move to the most recently used end
            this.handles.set(sessionId, fd);
            return fd;
        }
        const path = this.pathOf(sessionId);
        mkdirSync(this.dir, { recursive: true });
        fd = openSync(path, "a", 0o600);
        this.handles.set(sessionId, fd);
        // Closes the least recently used descriptors beyond the bound (never the one just opened).
        for (const [id, old] of this.handles) {
            if (this.handles.size <= this.maxOpen)
                break;
            this.handles.delete(id);
            closeSync(old);
        }
        return fd;
    }
    pathOf(sessionId) {
        if (!SAFE_ID.test(sessionId))
            throw new Error(`unsafe session id for a file name: ${JSON.stringify(sessionId)}`);
        return join(this.dir, `${sessionId}${LOG_SUFFIX}`);
    }
}
function serialize(records) {
    let out = "";
    for (const record of records)
        out += `${JSON.stringify(record)}\n`;
    return out;
}
async function syncDir(dir) {
    const handle = await open(dir, "r");
    try {
        await handle.sync();
    }
    catch {
        // Some filesystems refuse fsync on directories; the rename is still atomic.
    }
    finally {
        await handle.close();
    }
}
//# sourceMappingURL=jsonl-persistence.js.map