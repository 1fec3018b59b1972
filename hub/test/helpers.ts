import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  PROTOCOL_VERSION,
  type BrowserClientToServerEvents,
  type BrowserServerToClientEvents,
  type SessionSummary,
  type WorkerClientToServerEvents,
  type WorkerServerToClientEvents,
} from "@aiflare/protocol";
import { io as connect, type Socket } from "socket.io-client";
import { startHub, type Hub, type HubOptions } from "../src/hub.js";
import { createLogger } from "../src/logger.js";

export const BROWSER_TOKEN = "browser-token-for-tests-0123456789";
export const WORKER_TOKEN = "worker-token-for-tests-0123456789";

export type BrowserClient = Socket<BrowserServerToClientEvents, BrowserClientToServerEvents>;
export type WorkerClient = Socket<WorkerServerToClientEvents, WorkerClientToServerEvents>;

/** A hub on a free port with its own data dir, plus what tests use to talk to it; `close()` removes it all. */
export interface TestHub {
  hub: Hub;
  dataDir: string;
  api(method: string, path: string, body?: unknown, init?: { token?: string | null; rawBody?: string; contentType?: string }): Promise<{ status: number; body: any }>;
  browser(auth?: Record<string, unknown>): Promise<BrowserClient>;
  worker(options?: { name?: string; roots?: string[]; workerId?: string; capabilities?: string[]; checkpoints?: boolean }): Promise<{ socket: WorkerClient; workerId: string }>;
  /** A session on a fresh worker rooted at /tmp. */
  session(overrides?: Partial<{ title: string; approvalPolicy: string }>): Promise<SessionSummary>;
  close(): Promise<void>;
}

export async function startTestHub(options: Partial<HubOptions> & { dataDir?: string } = {}): Promise<TestHub> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), "aiflare-hub-")));
  const hub = await startHub({
    port: 0,
    logger: createLogger({ level: "silent" }),
    env: { AIFLARE_TOKEN: BROWSER_TOKEN, AIFLARE_WORKER_TOKEN: WORKER_TOKEN },
    ...options,
    dataDir,
  });
  const sockets: Socket[] = [];

  const api: TestHub["api"] = async (method, path, body, init = {}) => {
    const token = init.token === undefined ? BROWSER_TOKEN : init.token;
    const headers: Record<string, string> = {};
    if (token !== null) headers.authorization = `Bearer ${token}`;
    const payload = init.rawBody ?? (body === undefined ? undefined : JSON.stringify(body));
    if (payload !== undefined) headers["content-type"] = init.contentType ?? "application/json";
    const response = await fetch(`${hub.url}${path}`, { method, headers, ...(payload !== undefined ? { body: payload } : {}) });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON (the web UI); keep the text
    }
    return { status: response.status, body: parsed };
  };

  const browser: TestHub["browser"] = async (auth = { token: BROWSER_TOKEN }) => {
    const socket: BrowserClient = connect(`${hub.url}/browser`, { auth, transports: ["websocket"], forceNew: true, reconnection: false });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("connect_error", reject);
    });
    return socket;
  };

  const worker: TestHub["worker"] = async ({ name = "test-worker", roots = ["/tmp"], workerId, capabilities, checkpoints } = {}) => {
    const auth = { token: WORKER_TOKEN, name, roots, version: PROTOCOL_VERSION, ...(workerId ? { workerId } : {}), ...(capabilities ? { capabilities } : {}), ...(checkpoints ? { checkpoints } : {}) };
    const socket: WorkerClient = connect(`${hub.url}/worker`, { auth, transports: ["websocket"], forceNew: true, reconnection: false });
    sockets.push(socket);
    const welcome = await new Promise<string>((resolve, reject) => {
      socket.once("worker:welcome", ({ workerId: id }) => resolve(id));
      socket.once("connect_error", reject);
    });
    return { socket, workerId: welcome };
  };

  const session: TestHub["session"] = async (overrides = {}) => {
    const { workerId } = await worker();
    const created = await api("POST", "/api/sessions", { workerId, workdir: "/tmp", ...overrides });
    if (created.status !== 201) throw new Error(`create session: ${created.status} ${JSON.stringify(created.body)}`);
    return created.body.session as SessionSummary;
  };

  return {
    hub,
    dataDir,
    api,
    browser,
    worker,
    session,
    close: async () => {
      for (const socket of sockets) socket.disconnect();
      await hub.close();
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` returns a truthy value (or throws after `timeoutMs`). */
export async function waitFor<T>(check: () => T | Promise<T>, timeoutMs = 5000, what = "condition"): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/**
 * Counts the system-call writes (`_write` / `_writev`) of the hub side of the only browser
 * connected to `hub`, from now on.
 */
export async function countBrowserWrites(hub: TestHub["hub"]): Promise<() => number> {
  const [server] = await hub.io.of("/browser").fetchSockets();
  const tcp = (server as unknown as { conn: { transport: { socket: { _socket: { _write: unknown; _writev: unknown } } } } }).conn.transport.socket._socket;
  let writes = 0;
  for (const key of ["_write", "_writev"] as const) {
    const original = tcp[key] as (...args: unknown[]) => unknown;
    tcp[key] = function (this: unknown, ...args: unknown[]) {
      writes += 1;
      return original.apply(this, args);
    };
  }
  return () => writes;
}
