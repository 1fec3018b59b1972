import { spawn, type ChildProcess } from "node:child_process";
import { PROTOCOL_VERSION, type SessionSummary } from "@aiflare/protocol";
import { io as connect, type Socket } from "socket.io-client";
import { closeSync, openSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const repo = fileURLToPath(new URL("../..", import.meta.url));
export const BENCH_TOKEN = "bench-browser-token-0123456789";
export const BENCH_WORKER_TOKEN = "bench-worker-token-0123456789";

export interface Child {
  child: ChildProcess;
  url: string;
  stop(): Promise<void>;
  rssKb(): number;
  /** What the process wrote to stderr (and stdout until it was ready). */
  output(): string;
}

/** Starts a node script and waits for `ready` (its first capture group is the URL). */
export function startChild(script: string, args: string[], env: Record<string, string>, ready: RegExp, nodeArgs: string[] = []): Promise<Child> {
  const child = spawn(process.execPath, [...nodeArgs, script, ...args], { env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env }, stdio: ["ignore", "pipe", "pipe", "ipc"] });
  let out = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${script} did not start:\n${out}`));
    }, 20_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const match = ready.exec(out);
      if (match) {
        clearTimeout(timer);
        child.stdout?.off("data", onData);
        child.stdout?.resume();
        child.stderr?.resume();
        resolve({
          child,
          url: match[1] ?? "",
          stop: () =>
            new Promise((done) => {
              if (child.exitCode !== null) return done();
              child.once("exit", () => done());
              child.kill("SIGTERM");
            }),
          output: () => out,
          rssKb: () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))?.[1] ?? 0),
        });
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.once("exit", (code) => reject(new Error(`${script} exited ${code}:\n${out}`)));
  });
}

/** The real hub bin, talking to `modelBaseURL`. */
export function startHubProcess(dataDir: string, modelBaseURL: string, extraArgs: string[] = []): Promise<Child> {
  return startChild(
    // AIFLARE_BENCH_HUB_BIN=/path/to/other/hub/dist/bin.js compares another build (before/after)
    process.env.AIFLARE_BENCH_HUB_BIN ?? `${repo}hub/dist/bin.js`,
    ["--port", "0", "--data-dir", dataDir, ...extraArgs],
    { AIFLARE_TOKEN: BENCH_TOKEN, AIFLARE_WORKER_TOKEN: BENCH_WORKER_TOKEN, OPENAI_API_KEY: "sk-bench", OPENAI_BASE_URL: modelBaseURL, AIFLARE_LOG_LEVEL: process.env.AIFLARE_BENCH_HUB_LOG_LEVEL ?? "error" },
    /listening on (http:\/\/\S+)/,
    // e.g. AIFLARE_BENCH_HUB_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the hub
    process.env.AIFLARE_BENCH_HUB_NODE_ARGS?.split(" ").filter(Boolean) ?? [],
  );
}

/** The real worker bin. */
export function startWorkerProcess(hubUrl: string, root: string, stateFile: string): Promise<Child> {
  return startChild(`${repo}worker/dist/bin.js`, ["--hub", hubUrl, "--token", BENCH_WORKER_TOKEN, "--root", root, "--name", "bench", "--state", stateFile], {}, /(connected) to/);
}

/**
 * The real worker bin with its status lines going to a log file, as on a real machine (a
 * terminal or journald), not into a pipe the measuring process must read. Readiness is
 * the caller's to check (e.g. the worker online in the hub).
 */
export function startQuietWorkerProcess(hubUrl: string, root: string, stateFile: string, logFile: string): { child: ChildProcess; stop(): Promise<void> } {
  const log = openSync(logFile, "a");
  const child = spawn(process.execPath, [`${repo}worker/dist/bin.js`, "--hub", hubUrl, "--token", BENCH_WORKER_TOKEN, "--root", root, "--name", "bench", "--state", stateFile], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp" },
    stdio: ["ignore", log, log],
  });
  closeSync(log);
  return {
    child,
    stop: () =>
      new Promise((done) => {
        if (child.exitCode !== null) return done();
        child.once("exit", () => done());
        child.kill("SIGTERM");
      }),
  };
}

export const MODEL_SERVER = fileURLToPath(new URL("./model-server-main.js", import.meta.url));
export const BASELINE_SERVER = fileURLToPath(new URL("./baseline-server.js", import.meta.url));
export const RELAY_SERVER = fileURLToPath(new URL("./relay-server.js", import.meta.url));
export const BASELINE_CLIENT = fileURLToPath(new URL("./baseline-client.js", import.meta.url));

/** JSON helper for the hub's REST API. */
export async function api<T>(url: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${BENCH_TOKEN}`, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Connects a socket worker (so sessions can be created) and creates `count` sessions on it. */
export async function benchSessions(url: string, count: number): Promise<{ worker: Socket; workerId: string; sessions: SessionSummary[] }> {
  const worker = connect(`${url}/worker`, { auth: { token: BENCH_WORKER_TOKEN, name: "bench", roots: ["/tmp"], version: PROTOCOL_VERSION }, transports: ["websocket"], forceNew: true });
  const workerId = await new Promise<string>((resolve) => worker.once("worker:welcome", ({ workerId: id }: { workerId: string }) => resolve(id)));
  const sessions: SessionSummary[] = [];
  for (let i = 0; i < count; i += 50) {
    const batch = await Promise.all(Array.from({ length: Math.min(50, count - i) }, () => api<{ session: SessionSummary }>(url, "POST", "/api/sessions", { workerId, workdir: "/tmp" })));
    sessions.push(...batch.map((b) => b.session));
  }
  return { worker, workerId, sessions };
}

/** A hub node of a cluster: the real bin on PostgreSQL (`databaseUrl`) and Redis (`redisUrl`), named `nodeId`. */
export function startClusterNode(dataDir: string, modelBaseURL: string, cluster: { redisUrl: string; databaseUrl: string; nodeId: string; leaseMs?: number }): Promise<Child> {
  const lease = cluster.leaseMs === undefined ? [] : ["--lease-ms", String(cluster.leaseMs)];
  return startHubProcess(dataDir, modelBaseURL, ["--redis", cluster.redisUrl, "--database", cluster.databaseUrl, "--node-id", cluster.nodeId, ...lease]);
}
