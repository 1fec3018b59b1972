import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";
import { BROWSER_NAMESPACE, WORKER_NAMESPACE } from "@aiflare/protocol";
import { Server } from "socket.io";
import { createAgentRuntimeFactory } from "./agent/agent-runtime.js";
import { contextWindowsFromEnv } from "./agent/context-window-env.js";
import { ConversationStore } from "./agent/conversation-store.js";
import { modelSetupFromEnv, type ModelSetup } from "./agent/model-setup.js";
import { AuthFailureLimiter } from "./auth/auth-failures.js";
import { Checkpoints } from "@aiflare/worker";
import { CheckpointActions } from "./checkpoints/checkpoint-actions.js";
import { ConversationSnapshots } from "./checkpoints/conversation-snapshots.js";
import { TurnCheckpoints } from "./checkpoints/turn-checkpoints.js";
import { resolveTokens, type HubTokens } from "./auth/tokens.js";
import { AttachmentStore } from "./attachments/attachment-store.js";
import { PromptIntake } from "./attachments/prompt-intake.js";
import { buildHttpApp } from "./http/app.js";
import { promptBodyLimit } from "./http/attachment-routes.js";
import { notifyOnSessionEvents } from "./push/notifier.js";
import { PushService } from "./push/push-service.js";
import { createLogger, type Logger } from "./logger.js";
import { ActiveSessionRegistry } from "./registry/active-sessions.js";
import { WorkerToolCatalog } from "./registry/worker-tools.js";
import { WorkerRegistry } from "./registry/workers.js";
import type { RuntimeFactory } from "./runner/runtime.js";
import { SessionRunner } from "./runner/session-runner.js";
import { limitUntilAdmitted } from "./socket/admission-limit.js";
import { attachBrowserNamespace } from "./socket/browser-namespace.js";
import { attachWorkerNamespace, type WorkerSocket } from "./socket/worker-namespace.js";
import { JsonlPersistence } from "./store/jsonl-persistence.js";
import { InstructionsReader } from "./tools/instructions-reader.js";
import { LocalToolRunner } from "./tools/local-tool-runner.js";
import { ToolResultBroker } from "./tools/tool-result-broker.js";
import { LOCAL_WORKER_ID, ToolRunnerFactory } from "./tools/tool-runner.js";
import { WorkerToolRouter, type RemoteWorkerLinks } from "./tools/worker-tool-router.js";
import type { TimelinePersistence } from "./store/log-record.js";
import { SessionStore } from "./store/session-store.js";
import { localBackend, type AttachedBackend, type HubBackend } from "./cluster/backend.js";
import type { ClusterOptions } from "./cluster/cluster-backend.js";
import { hostname } from "node:os";
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
  /** How long session summaries that follow a sent burst are held (SummaryFanout; default 20 ms). */
  summaryWindowMs?: number;
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
  /** Cluster mode: PostgreSQL + Redis shared with other hub nodes (without it the hub runs alone on its data dir). */
  cluster?: Omit<ClusterOptions, "nodeId">;
  /** This node's name (default: host name and port). */
  nodeId?: string;
  /** How long a terminal lives without a viewer (default one minute). */
  terminalIdleMs?: number;
}

/** A running hub and its parts (tests reach into them). */
export interface Hub {
  url: string;
  port: number;
  tokens: HubTokens;
  store: SessionStore;
  backend: HubBackend;
  workers: WorkerRegistry;
  activeSessions: ActiveSessionRegistry;
  runner: SessionRunner;
  model: ModelSetup;
  broker: ToolResultBroker;
  /** Where worker tool calls go (cli over sockets, local in-process). */
  tools: ToolRunnerFactory;
  io: Server;
  app: FastifyInstance;
  /** Web Push keys, subscriptions and sending. */
  push: PushService;
  attachments: AttachmentStore;
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

  const nodeId = options.nodeId ?? `${hostname()}:${options.port || `${process.pid}`}`;
  const backend = options.cluster
    ? // Loaded only in cluster mode: a single hub never pulls in the PostgreSQL and Redis clients.
      await (await import("./cluster/cluster-backend.js")).startClusterBackend({ ...options.cluster, nodeId }, logger)
    : localBackend(nodeId, options.persistence ?? new JsonlPersistence({ dataDir: options.dataDir }));
  const tokens = await resolveTokens(options.dataDir, options.env ?? process.env, backend.shared?.tokens);
  const store = new SessionStore({
    persistence: backend.persistence,
    ...(options.maxEvents !== undefined ? { maxEvents: options.maxEvents } : {}),
    ...(options.coalesceMs !== undefined ? { coalesceMs: options.coalesceMs } : {}),
    logger,
  });
  await store.load();
  const recovered = backend.recover(store);
  if (recovered.length > 0) logger.warn({ sessions: recovered }, "closed turns interrupted by the last shutdown");

  // A cluster shares these through PostgreSQL (the workers once attached); a single hub keeps them in its data dir.
  const shared = backend.shared;
  const workers = new WorkerRegistry<WorkerSocket>(shared ? {} : { dataDir: options.dataDir });
  await workers.load();
  const activeSessions = new ActiveSessionRegistry(shared ? { backing: shared.activeSessions } : { dataDir: options.dataDir });
  await activeSessions.load();
  const model = options.model ?? modelSetupFromEnv(options.env ?? process.env);
  const conversations = new ConversationStore({ ...(shared ? { backing: shared.conversations } : { dataDir: options.dataDir }), logger });
  const broker = new ToolResultBroker();
  // Filled in once the backend is attached (cluster: workers on other nodes).
  const remote: Pick<AttachedBackend, "remoteWorker" | "tellWorker"> = {};
  const remoteLink: RemoteWorkerLinks = async (workerId) => remote.remoteWorker?.(workerId);
  const router = new WorkerToolRouter({
    workers,
    broker,
    logger,
    remote: remoteLink,
    ...(options.workerGraceMs !== undefined ? { disconnectGraceMs: options.workerGraceMs } : {}),
  });
  if (options.localWorker) workers.registerBuiltin({ workerId: LOCAL_WORKER_ID, name: options.localWorker.name ?? "local (in the hub)", roots: options.localWorker.roots });
  const snapshots = new ConversationSnapshots({ conversations, logger, ...(shared ? { backing: shared.snapshots } : { dataDir: options.dataDir }) });
  const turnCheckpoints: TurnCheckpoints = new TurnCheckpoints({ snapshots, tools: (): ToolRunnerFactory => tools, logger });
  const localCheckpoints = options.localWorker ? await Checkpoints.create({ dir: join(options.dataDir, "checkpoints"), roots: options.localWorker.roots }) : undefined;
  const tools: ToolRunnerFactory = new ToolRunnerFactory({
    cli: turnCheckpoints.wrap(router),
    ...(options.localWorker ? { local: turnCheckpoints.wrap(new LocalToolRunner({ store, roots: options.localWorker.roots, ...(localCheckpoints ? { checkpoints: localCheckpoints } : {}) })) } : {}),
  });
  const workerTools = new WorkerToolCatalog((workerId, names) => workers.setTools(workerId, names));
  const runtimeFactory = options.runtimeFactory ?? createAgentRuntimeFactory({
      model,
      store,
      conversations,
      tools,
      workerTools,
      workerSandbox: (id) => workers.get(id)?.sandbox,
      instructions: new InstructionsReader({ workers, remote: remoteLink, ...(options.localWorker ? { localRoots: options.localWorker.roots } : {}) }),
      contextWindow: contextWindowsFromEnv(options.env ?? process.env),
    });
  const runner = new SessionRunner({ store, runtimeFactory, logger, hooks: turnCheckpoints });
  const checkpoints = new CheckpointActions({ store, runner, tools, conversations, snapshots, conversationMode: model.conversationMode });
  const io = new Server({
    serveClient: false,
    // Prompts may carry images (session:send), so the buffer grows like the prompt route's limit.
    maxHttpBufferSize: Math.max(promptBodyLimit(options.bodyLimit ?? DEFAULT_BODY_LIMIT), WORKSPACE_PACKET_LIMIT),
    ...backend.socketOptions,
  });
  let localTerminals: LocalTerminalHost | undefined;
  const terminals: TerminalRelay = new TerminalRelay({
    hostFor: (session) =>
      session.workerId === LOCAL_WORKER_ID && options.localWorker
        ? (localTerminals ??= new LocalTerminalHost({ roots: options.localWorker.roots, sink: terminals }))
        : new WorkerTerminalHost(workers, session.workerId, { link: remoteLink, tell: (workerId, event, payload) => remote.tellWorker?.(workerId, event, payload) }),
    ...(options.terminalIdleMs !== undefined ? { idleMs: options.terminalIdleMs } : {}),
  });
  const attached = backend.attach({
    io,
    store,
    runner,
    workers,
    workerTools,
    activeSessions,
    conversations,
    workerEvents: {
      // Only output of a call this worker is running for that session reaches the timeline.
      output: (workerId, output) => {
        if (!router.isActive(output.callId, output.sessionId, workerId)) return;
        store.stream(output.sessionId, { type: "tool_output", callId: output.callId, stream: output.stream, chunk: output.chunk });
      },
      redelivered: (workerId, result) => router.redelivered(workerId, result),
      resumed: (workerId, running) => router.resumed(workerId, running),
      disconnected: (workerId) => {
        router.workerDisconnected(workerId);
        terminals.workerGone(workerId);
      },
      terminalOutput: (workerId, { terminalId, data }) => terminals.output(workerId, terminalId, data),
      terminalExit: (workerId, exit) => terminals.exited(workerId, exit),
    },
  });
  const { turns, workerEvents } = attached;
  if (attached.remoteWorker) remote.remoteWorker = attached.remoteWorker;
  if (attached.tellWorker) remote.tellWorker = attached.tellWorker;
  await attached.ready;

  const attachments = new AttachmentStore({ dataDir: options.dataDir, ...(shared ? { backing: shared.attachments } : {}) });
  const intake = new PromptIntake({ store, attachments, turns });
  const vapidSubject = (options.env ?? process.env).AIFLARE_VAPID_SUBJECT;
  const push = await PushService.start({
    dataDir: options.dataDir,
    logger,
    ...(vapidSubject ? { subject: vapidSubject } : {}),
    ...(shared ? { shared: { subscriptions: shared.subscriptions, vapidKeys: () => shared.vapidKeys() } } : {}),
  });
  const stopNotifier = notifyOnSessionEvents(store, push);
  const workspace = new WorkspaceRunnerFactory({
    cli: new WorkerWorkspaceRouter({ workers, remote: remoteLink }),
    ...(options.localWorker ? { local: new LocalWorkspaceRunner({ roots: options.localWorker.roots, ...(localCheckpoints ? { checkpoints: localCheckpoints } : {}) }) } : {}),
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
    turns,
    defaultModel: model.defaultModel,
    attachments,
    intake,
    push,
    health: () => backend.health(),
    checkpoints,
    workspace,
    sessionAdmin,
  });
  await app.ready();
  io.attach(app.server);
  limitUntilAdmitted(io, [BROWSER_NAMESPACE, WORKER_NAMESPACE]);
  const browser = attachBrowserNamespace(io, { logger, browserToken: tokens.browserToken, store, workers, turns, authFailures, intake, terminals, summaryWindowMs: options.summaryWindowMs });
  attachWorkerNamespace(io, {
    authFailures,
    logger,
    workerToken: tokens.workerToken,
    workers,
    onToolOutput: (workerId, output) => workerEvents.output(workerId, output),
    onRedelivered: (workerId, result) => workerEvents.redelivered(workerId, result),
    onResume: (workerId, running) => workerEvents.resumed(workerId, running),
    onDisconnect: (workerId) => workerEvents.disconnected(workerId),
    onTools: (workerId, list) => workerTools.set(workerId, list),
    onTerminalOutput: (workerId, output) => workerEvents.terminalOutput(workerId, output),
    onTerminalExit: (workerId, exit) => workerEvents.terminalExit(workerId, exit),
  });

  await app.listen({ host: options.host ?? "127.0.0.1", port: options.port ?? DEFAULT_PORT });
  const address = app.server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  logger.info({ url, dataDir: options.dataDir, sessions: store.list().length, node: nodeId, cluster: options.cluster !== undefined, model: model.defaultModel, demo: model.demo }, "hub listening");

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await turns.close();
      terminals.closeAll();
      await store.flush();
      stopNotifier();
      browser.detach();
      // `local`: through the Redis adapter a plain disconnectSockets would close every node's sockets.
      for (const nsp of [io.of("/browser"), io.of("/worker")]) nsp.local.disconnectSockets(true);
      io.engine.close();
      await app.close();
      await Promise.all([store.close(), workers.saved(), conversations.flush(), snapshots.flush(), push.close(), localCheckpoints?.idle()]);
      await conversations.close(); // after the snapshots: their marks are appended to the logs
      await backend.close();
      logger.info("hub stopped");
    })());

  return { url, port: address.port, tokens, store, backend, workers, activeSessions, runner, model, broker, tools, io, app, logger, push, attachments, terminals, sessionAdmin, close };
}
