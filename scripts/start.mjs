#!/usr/bin/env node
// `npm start`: builds what is missing or stale, then runs the hub (and, once it exists, a local worker).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, statSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

/** Newest modification time under a folder (sources), 0 when absent. */
function newest(dir) {
  if (!existsSync(dir)) return 0;
  let max = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    max = Math.max(max, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return max;
}

const built = (file) => (existsSync(file) ? statSync(file).mtimeMs : 0);
const sources = Math.max(...["protocol", "aiflare", "hub", "worker", "web"].map((p) => newest(join(root, p, "src"))));
const outputs = Math.min(built(join(root, "hub/dist/bin.js")), built(join(root, "web/dist/index.html")));
if (outputs < sources) {
  console.log("aiflare: building (first start or sources changed)...");
  const result = spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const hub = spawn(process.execPath, [join(root, "hub/dist/bin.js"), ...process.argv.slice(2)], { stdio: "inherit" });
const forward = (signal) => hub.kill(signal);
process.on("SIGINT", forward);
process.on("SIGTERM", forward);
hub.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
