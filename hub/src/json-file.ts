import { mkdir, open, readFile, rename, writeFile } from "node:fs/promises";

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
 * Replaces a file's text atomically (temp file and rename), without fsync, making `folder` first
 * if it is missing. For conversation snapshots that could not be a mark in the log: like the
 * timeline's JSONL writes, what returned survives a `kill -9` (it is in the page cache), and a
 * power loss may take back the last writes. Through the thread pool: the
 * synchronous variant measured no better in B1 (plan/benchmarks.md) and would hold the event
 * loop while a slow disk creates the file.
 */
export async function replaceFile(folder: string, path: string, text: string): Promise<void> {
  const tmp = `${path}.tmp`;
  try {
    await writeFile(tmp, text, { mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    await mkdir(folder, { recursive: true, mode: 0o700 });
    await writeFile(tmp, text, { mode: 0o600 });
  }
  await rename(tmp, path);
}

/** The JSON values of a text's lines (JSONL): empty lines are passed over, lines that are not JSON counted as skipped. */
export function parseJsonLines(text: string): { records: unknown[]; skipped: number } {
  const records: unknown[] = [];
  let skipped = 0;
  let start = 0;
  while (start < text.length) {
    let newline = text.indexOf("\n", start);
    if (newline === -1) newline = text.length;
    if (newline > start) {
      try {
        records.push(JSON.parse(text.slice(start, newline)) as unknown);
      } catch {
        skipped += 1;
      }
    }
    start = newline + 1;
  }
  return { records, skipped };
}
