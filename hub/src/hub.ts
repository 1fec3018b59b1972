import { mkdir } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";
import { Server } from "socket.io";
import { createAgentRuntimeFactory } from "./agent/agent-runtime.js";
import { ConversationStore } from "./agent/conversation-store.js";
import { modelSetupFromEnv, type ModelSetup } from "./agent/model-setup.js";
import { AuthFailureLimiter } from "./auth/auth-failures.js";
import { resolveTokens, type HubTokens } from "./auth/tokens.js";
import { buildHttpApp } from "./http/app.js";
import { createLogger, type Logger } from "./logger.js";
import { recoverInterruptedSessions } from "./recovery.js";
import { ActiveSessionRegistry } from "./registry/active-sessions.js";
import { WorkerRegistry } from "./registry/workers.js";
import type { RuntimeFactory } from "./runner/runtime.js";
import { SessionRunner } from "./runner/session-runner.js";
import { attachBrowserNamespace } from "./socket/browser-namespace.js";
import { attachWorkerNamespace, type WorkerSocket } from "./socket/worker-namespace.js";
import { JsonlPersistence } from "./store/jsonl-persistence.js";
import { LocalToolRunner } from "./tools/local-tool-runner.js";
import { ToolResultBroker } from "./tools/tool-result-broker.js";
import { LOCAL_WORKER_ID, ToolRunnerFactory } from "./tools/tool-runner.js";
import { WorkerToolRouter } from "./tools/worker-tool-router.js";
import type { TimelinePersistence } from "./store/log-record.js";
import { SessionStore } from "./store/session-store.js";
import { SessionAdmin } from "./session-admin/session-admin.js";
import { LocalTerminalHost } from "./terminal/local-terminal-host.js";
import { TerminalRelay } from "./terminal/terminal-relay.js";
import { WorkerTerminalHost } from "./terminal/worker-terminal-host.js";
import { LocalWorkspaceRunner } from "./tools/local-workspace-runner.js";
import { WorkerWorkspaceRouter } from "./tools/worker-workspace-router.js";
import { WorkspaceRunnerFactory } from "./tools/workspace-runner.js";

export const DEFAULT_PORT = 4123;
export const DEFAULT_BODY_LIMIT = 1024 * 1024;
/** Smallest Socket.IO packet limit: a worker's workspace answers (a file of 1 MiB, diffs up to 2 MiB) must fit. */
const WORKSPACE_PACKET_LIMIT = 4 * 1024 * 1024;

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
  /** The model agents talk to; from the environment (or the offline demo) when absent. */
  model?: ModelSetup;
  /** Replaces the agent runtime entirely (tests drive the runner with scripted runtimes). */
  runtimeFactory?: RuntimeFactory;
  /** A built-in worker (id `local`) that runs tools inside the hub process, confined to these roots. */
  localWorker?: { roots: string[]; name?: string };
  /** How long a dropped worker may take to come back before its calls fail (default 5 s). */
  workerGraceMs?: number;
  /** Failed token attempts per address and window before it gets 429 (default 30 per minute). */
  authFailureLimit?: { limit: number; windowMs: number };
  /** Built web UI; defaults to the `web` workspace's `dist`. */
  webDir?: string;
  persistence?: TimelinePersistence;
  /** How long a terminal lives without a viewer (default one minute). */
  terminalIdleMs?: number;
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
  model: ModelSetup;
  broker: ToolResultBroker;
  /** Where worker tool calls go (cli over sockets, local in-process). */
  tools: ToolRunnerFactory;
  io: Server;
  app: FastifyInstance;
  logger: Logger;
  terminals: TerminalRelay;
  sessionAdmin: SessionAdmin;
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

  const workers = new WorkerRegistry<WorkerSocket>({ dataDir: options.dataDir });
  await workers.load();
  const activeSessions = new ActiveSessionRegistry({ dataDir: options.dataDir });
  await activeSessions.load();
  const model = options.model ?? modelSetupFromEnv(options.env ?? process.env);
  const conversations = new ConversationStore({ dataDir: options.dataDir, logger });
  const broker = new ToolResultBroker();
  const router = new WorkerToolRouter({ workers, broker, logger, ...(options.workerGraceMs !== undefined ? { disconnectGraceMs: options.workerGraceMs } : {}) });
  if (options.localWorker) workers.registerBuiltin({ workerId: LOCAL_WORKER_ID, name: options.localWorker.name ?? "local (in the hub)", roots: options.localWorker.roots });
  const tools = new ToolRunnerFactory({
    cli: router,
    ...(options.localWorker ? { local: new LocalToolRunner({ store, roots: options.localWorker.roots }) } : {}),
  });
  const runtimeFactory = options.runtimeFactory ?? createAgentRuntimeFactory({ model, store, conversations, tools });
  const runner = new SessionRunner({ store, runtimeFactory, logger });
  const workspace = new WorkspaceRunnerFactory({
    cli: new WorkerWorkspaceRouter({ workers }),
    ...(options.localWorker ? { local: new LocalWorkspaceRunner({ roots: options.localWorker.roots }) } : {}),
  });
  let localTerminals: LocalTerminalHost | undefined;
  const terminals: TerminalRelay = new TerminalRelay({
    hostFor: (session) =>
      session.workerId === LOCAL_WORKER_ID && options.localWorker
        ? (localTerminals ??= new LocalTerminalHost({ roots: options.localWorker.roots, sink: terminals }))
        : new WorkerTerminalHost(workers, session.workerId),
    ...(options.terminalIdleMs !== undefined ? { idleMs: options.terminalIdleMs } : {}),
  });
  const sessionAdmin = new SessionAdmin({ store, turns: runner, conversations, activeSessions, terminals, dataDir: options.dataDir });

  const authFailures = new AuthFailureLimiter(options.authFailureLimit ?? {});
  const app = await buildHttpApp({
    authFailures,
    logger,
    browserToken: tokens.browserToken,
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    webDir: options.webDir ?? defaultWebDir,
    store,
    workers,
    activeSessions,
    turns: runner,
    defaultModel: model.defaultModel,
    workspace,
    sessionAdmin,
  });
  await app.ready();

  const io = new Server(app.server, {
    serveClient: false,
    // Room for a workspace answer (a 1 MiB file, a diff of up to 2 MiB) from a worker.
    maxHttpBufferSize: Math.max(options.bodyLimit ?? DEFAULT_BODY_LIMIT, WORKSPACE_PACKET_LIMIT),
  });
  const browser = attachBrowserNamespace(io, { logger, browserToken: tokens.browserToken, store, workers, turns: runner, authFailures, terminals });
  attachWorkerNamespace(io, {
    authFailures,
    logger,
    workerToken: tokens.workerToken,
    workers,
    onToolOutput: (workerId, output) => {
      // Only output of a call this worker is running for that session reaches the timeline.
      if (!router.isActive(output.callId, output.sessionId, workerId)) return;
      store.stream(output.sessionId, { type: "tool_output", callId: output.callId, stream: output.stream, chunk: output.chunk });
    },
    onRedelivered: (workerId, result) => router.redelivered(workerId, result),
    onResume: (workerId, running) => router.resumed(workerId, running),
    onDisconnect: (workerId) => {
      router.workerDisconnected(workerId);
      terminals.workerGone(workerId);
    },
    onTerminalOutput: (workerId, { terminalId, data }) => terminals.output(workerId, terminalId, data),
    onTerminalExit: (workerId, exit) => terminals.exited(workerId, exit),
  });

  await app.listen({ host: options.host ?? "127.0.0.1", port: options.port ?? DEFAULT_PORT });
  const address = app.server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  logger.info({ url, dataDir: options.dataDir, sessions: store.list().length, model: model.defaultModel, demo: model.demo }, "hub listening");

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await runner.close();
      terminals.closeAll();
      await store.flush();
      browser.detach();
      for (const nsp of [io.of("/browser"), io.of("/worker")]) nsp.disconnectSockets(true);
      io.engine.close();
      await app.close();
      await Promise.all([store.close(), workers.saved(), conversations.flush()]);
      logger.info("hub stopped");
    })());

  return { url, port: address.port, tokens, store, workers, activeSessions, runner, model, broker, tools, io, app, logger, terminals, sessionAdmin, close };
}
