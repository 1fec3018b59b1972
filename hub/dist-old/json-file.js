import { mkdir, open, readFile, rename, writeFile } from "node:fs/promises";
/** Reads a JSON file; undefined when it does not exist. */
export async function readJsonFile(path) {
    try {
        return JSON.parse(await readFile(path, "utf8"));
    }
    catch (error) {
        if (error.code === "ENOENT")
            return undefined;
        throw error;
    }
}
/** Writes JSON atomically (temp file, fsync, rename), readable by the owner only. */
export async function writeJsonFile(path, value) {
    const tmp = `${path}.tmp`;
    const handle = await open(tmp, "w", 0o600);
    try {
        await handle.writeFile(`${JSON.stringify(value, null, 2)}\n`);
        await handle.sync();
    }
    finally {
        await handle.close();
    }
    await rename(tmp, path);
}
/**
 * Replaces a file's text atomically (temp file and rename), without fsync, making `folder` first
 * if it is missing. For files rewritten at every step of a turn (conversations and their
 * snapshots): like the timeline's JSONL writes, what returned survives a `kill -9` (it is in the
 * page cache), and a power loss may take back the last writes. Through the thread pool: the
 * synchronous variant measured no better in B1 (plan/benchmarks.md) and would hold the event
 * loop while a slow disk creates the file.
 */
export async function replaceFile(folder, path, text) {
    const tmp = `${path}.tmp`;
    try {
        await writeFile(tmp, text, { mode: 0o600 });
    }
    catch (error) {
        if (error.code !== "ENOENT")
            throw error;
        await mkdir(folder, { recursive: true, mode: 0o700 });
        await writeFile(tmp, text, { mode: 0o600 });
    }
    await rename(tmp, path);
}
//# sourceMappingURL=json-file.js.map