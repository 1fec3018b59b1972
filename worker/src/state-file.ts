import { randomUUID } from "node:crypto";
import { mkdir, open, readFile, rename } from "node:fs/promises";
import { dirname } from "node:path";

/**
 * The worker's id, kept in its state file so a restarted worker comes back as the same
 * worker (and keeps its sessions). Created on first start.
 */
export async function loadOrCreateWorkerId(path: string): Promise<string> {
  try {
    const parsed = JSON.parse(await readFile(path, "utf8")) as { workerId?: unknown };
    if (typeof parsed.workerId === "string" && /^[A-Za-z0-9_-]{1,128}$/.test(parsed.workerId)) return parsed.workerId;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT" && !(error instanceof SyntaxError)) throw error;
  }
  const workerId = randomUUID();
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.tmp`;
  const handle = await open(tmp, "w", 0o600);
  try {
    await handle.writeFile(`${JSON.stringify({ workerId }, null, 2)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, path);
  return workerId;
}
