import { mkdir, open, readFile, rename } from "node:fs/promises";

/** Reads a JSON file; undefined when it does not exist. */
export async function readJsonFile(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, "utf8")) as unknown;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/**
 * Writes JSON atomically (temp file, fsync, rename), readable by the owner only; indented for
 * people by default, `indent` 0 for large machine-read files (conversations).
 */
export async function writeJsonFile(path: string, value: unknown, indent = 2): Promise<void> {
  const tmp = `${path}.tmp`;
  const handle = await open(tmp, "w", 0o600);
  try {
    await handle.writeFile(`${JSON.stringify(value, null, indent)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, path);
}

/**
 * Runs a write into `folder`; when the folder is missing (ENOENT) makes it (owner only) and
 * writes once more. So a folder is made on its first write, not with a mkdir before every write.
 */
export async function writeInFolder(folder: string, write: () => Promise<void>): Promise<void> {
  try {
    await write();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    await mkdir(folder, { recursive: true, mode: 0o700 });
    await write();
  }
}
