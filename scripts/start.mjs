#!/usr/bin/env node
// `npm start`: builds what is missing or stale, starts the hub (serving the web UI) and a local
// worker rooted at the current directory, and stops both on Ctrl-C.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = fileURLToPath(new URL("..", import.meta.url));
const cwd = process.env.INIT_CWD ?? process.cwd(); // npm runs scripts from the package root; INIT_CWD is where the user typed it
const hubArgs = process.argv.slice(2);
const { values } = parseArgs({ args: hubArgs, options: { "data-dir": { type: "string" }, help: { type: "boolean", short: "h" } }, strict: false });

/** Newest modification time under a folder, 0 when absent. */
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
const outputs = Math.min(built(join(root, "hub/dist/bin.js")), built(join(root, "worker/dist/bin.js")), built(join(root, "web/dist/index.html")));
if (outputs < sources) {
  console.log("aiflare: building (first start or sources changed)…");
  const result = spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const hub = spawn(process.execPath, [join(root, "hub/dist/bin.js"), ...hubArgs], { stdio: ["ignore", "pipe", "inherit"] });
let worker;
let stopping = false;
let out = "";
hub.stdout.on("data", (chunk) => {
  process.stdout.write(chunk);
  if (worker || values.help) return;
  out += chunk.toString();
  const match = /listening on (http:\/\/\S+)/.exec(out);
  if (match && /data dir:\s+(.+)\n/.test(out)) startWorker(match[1], /data dir:\s+(.+)\n/.exec(out)[1].trim());
});

function startWorker(url, dataDir) {
  let token = process.env.AIFLARE_WORKER_TOKEN;
  if (!token) {
    try {
      token = JSON.parse(readFileSync(join(dataDir, "tokens.json"), "utf8")).workerToken;
    } catch {
      console.error("aiflare: could not read the worker token; start a worker by hand with the token printed above");
      return;
    }
  }
  console.log(`  local worker: rooted at ${cwd}`);
  worker = spawn(
    process.execPath,
    [join(root, "worker/dist/bin.js"), "--hub", url, "--root", cwd, "--name", "local", "--state", join(resolve(dataDir), "local-worker.json")],
    // The token in the environment, not in argv where `ps` shows it.
    { stdio: "inherit", env: { ...process.env, AIFLARE_WORKER_TOKEN: token } },
  );
  worker.on("exit", (code) => {
    if (!stopping) console.error(`aiflare: the local worker exited (${code}); the hub keeps running`);
  });
}

const stop = (signal) => {
  if (stopping) return;
  stopping = true;
  worker?.kill(signal);
  hub.kill(signal);
};
process.on("SIGINT", () => stop("SIGINT"));
process.on("SIGTERM", () => stop("SIGTERM"));
hub.on("exit", (code, signal) => {
  stopping = true;
  worker?.kill("SIGTERM");
  const done = () => process.exit(code ?? (signal ? 1 : 0));
  if (worker && worker.exitCode === null) worker.once("exit", done);
  else done();
});
