import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { open, readFile, rename } from "node:fs/promises";

/** Reads a JSON file; undefined when it does not exist. */
export async function readJsonFile(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, "utf8")) as unknown;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/** Writes JSON atomically (temp file, fsync, rename), readable by the owner only. */
export async function writeJsonFile(path: string, value: unknown): Promise<void> {
  const tmp = `${path}.tmp`;
  const handle = await open(tmp, "w", 0o600);
  try {
    await handle.writeFile(`${JSON.stringify(value, null, 2)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, path);
}

/**
 * Replaces a file's text atomically (temp file and rename) in three synchronous system calls,
 * without fsync, making `folder` first if it is missing. For files rewritten at every step of a
 * turn (conversations and their snapshots): like the timeline's JSONL writes, what returned
 * survives a `kill -9` (it is in the page cache) and a power loss may take back the last writes.
 * On the page cache this costs ~10-25 µs of CPU, against ~150-400 µs for the same through
 * `fs/promises`, whose every call is a thread-pool round trip (measured; plan/benchmarks.md).
 */
export function replaceFileSync(folder: string, path: string, text: string): void {
  const tmp = `${path}.tmp`;
  try {
    writeFileSync(tmp, text, { mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    writeFileSync(tmp, text, { mode: 0o600 });
  }
  renameSync(tmp, path);
}
