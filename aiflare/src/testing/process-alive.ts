import { readFileSync } from "node:fs";

/** Whether a process runs (a zombie counts as dead: a killed orphan may wait unreaped in a container). */
export function isProcessAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}
