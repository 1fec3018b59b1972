import { mkdir } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";
import { Server } from "socket.io";
import { resolveTokens, type HubTokens } from "./auth/tokens.js";
import { buildHttpApp } from "./http/app.js";
import { createLogger, type Logger } from "./logger.js";
import { recoverInterruptedSessions } from "./recovery.js";
import { ActiveSessionRegistry } from "./registry/active-sessions.js";
import { WorkerRegistry } from "./registry/workers.js";
import type { RuntimeFactory } from "./runner/runtime.js";
import { SessionRunner } from "./runner/session-runner.js";
import { unconfiguredRuntimeFactory } from "./runner/unconfigured-runtime.js";
import { attachBrowserNamespace } from "./socket/browser-namespace.js";
import { attachWorkerNamespace } from "./socket/worker-namespace.js";
import { JsonlPersistence } from "./store/jsonl-persistence.js";
import type { TimelinePersistence } from "./store/log-record.js";
import { SessionStore } from "./store/session-store.js";

export const DEFAULT_PORT = 4123;
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

export interface HubOptions {
  dataDir: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  bodyLimit?: number;
  maxEvents?: number;
  coalesceMs?: number;
  runtimeFactory?: RuntimeFactory;
  defaultModel?: string;
  /** Built web UI; defaults to the `web` workspace's `dist`. */
  webDir?: string;
  persistence?: TimelinePersistence;
}

/** A running hub and its parts (tests reach into them). */
export interface Hub {
  url: string;
  port: number;
  tokens: HubTokens;
  store: SessionStore;
  workers: WorkerRegistry;
  activeSessions: ActiveSessionRegistry;
  runner: SessionRunner;
  io: Server;
  app: FastifyInstance;
  logger: Logger;
  close(): Promise<void>;
}

const defaultWebDir = fileURLToPath(new URL("../../web/dist", import.meta.url));

/** Loads state from the data dir and serves REST, Socket.IO and the web UI on one port. */
export async function startHub(options: HubOptions): Promise<Hub> {
  const logger = options.logger ?? createLogger();
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  const tokens = await resolveTokens(options.dataDir, options.env ?? process.env);

  const store = new SessionStore({
    persistence: options.persistence ?? new JsonlPersistence({ dataDir: options.dataDir }),
    ...(options.maxEvents !== undefined ? { maxEvents: options.maxEvents } : {}),
    ...(options.coalesceMs !== undefined ? { coalesceMs: options.coalesceMs } : {}),
    logger,
  });
  await store.load();
  const recovered = recoverInterruptedSessions(store);
  if (recovered.length > 0) logger.warn({ sessions: recovered }, "closed turns interrupted by the last shutdown");

  const workers = new WorkerRegistry({ dataDir: options.dataDir });
  await workers.load();
  const activeSessions = new ActiveSessionRegistry({ dataDir: options.dataDir });
  await activeSessions.load();
  const runner = new SessionRunner({ store, runtimeFactory: options.runtimeFactory ?? unconfiguredRuntimeFactory, logger });

  const app = await buildHttpApp({
    logger,
    browserToken: tokens.browserToken,
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    webDir: options.webDir ?? defaultWebDir,
    store,
    workers,
    activeSessions,
    turns: runner,
    defaultModel: options.defaultModel ?? "unconfigured",
  });
  await app.ready();

  const io = new Server(app.server, {
    serveClient: false,
    maxHttpBufferSize: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
  });
  const browser = attachBrowserNamespace(io, { logger, browserToken: tokens.browserToken, store, workers, turns: runner });
  attachWorkerNamespace(io, { logger, workerToken: tokens.workerToken, workers });

  await app.listen({ host: options.host ?? "127.0.0.1", port: options.port ?? DEFAULT_PORT });
  const address = app.server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  logger.info({ url, dataDir: options.dataDir, sessions: store.list().length }, "hub listening");

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await runner.close();
      await store.flush();
      browser.detach();
      for (const nsp of [io.of("/browser"), io.of("/worker")]) nsp.disconnectSockets(true);
      io.engine.close();
      await app.close();
      await Promise.all([store.close(), workers.saved()]);
      logger.info("hub stopped");
    })());

  return { url, port: address.port, tokens, store, workers, activeSessions, runner, io, app, logger, close };
}
