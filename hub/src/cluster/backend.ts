import type { HealthResponse, RedeliveredResult, TerminalExitPayload, TerminalOutputPayload, ToolOutput } from "@aiflare/protocol";
import type { RemoteWorkerLinks, WorkerTell } from "../tools/worker-tool-router.js";
import type { Server, ServerOptions } from "socket.io";
import type { SessionRunner } from "../runner/session-runner.js";
import type { TurnController } from "../runner/turn-controller.js";
import type { TimelinePersistence } from "../store/log-record.js";
import type { SessionStore } from "../store/session-store.js";
import { recoverInterruptedSessions } from "../recovery.js";
import type { ConversationBacking, ConversationStore } from "../agent/conversation-store.js";
import type { ActiveSessionBacking, ActiveSessionRegistry } from "../registry/active-sessions.js";
import type { WorkerRegistry } from "../registry/workers.js";
import type { WorkerToolCatalog } from "../registry/worker-tools.js";
import type { SubscriptionBacking } from "../push/subscriptions.js";
import type { VapidKeys } from "../push/vapid-keys.js";
import type { SharedTokens } from "../auth/tokens.js";
import type { SnapshotBacking } from "../checkpoints/conversation-snapshots.js";
import type { AttachmentBacking } from "../attachments/attachment-store.js";

/** What a backend reports in `GET /api/health` besides `{ok, version}`. */
export type BackendHealth = Pick<HealthResponse, "node" | "redis" | "database">;

/** What the hub does when a worker reports, whether it is connected here or (cluster) to another node. */
export interface WorkerEvents {
  output(workerId: string, output: ToolOutput): void;
  redelivered(workerId: string, result: RedeliveredResult): void;
  resumed(workerId: string, running: string[]): void;
  disconnected(workerId: string): void;
  /** True when this node holds the terminal (then no other node needs to hear of it). */
  terminalOutput(workerId: string, output: TerminalOutputPayload): boolean;
  terminalExit(workerId: string, exit: TerminalExitPayload): boolean;
}

/** What `attach` hands back to the hub. */
export interface AttachedBackend {
  /** What REST and sockets use to run turns. */
  turns: TurnController;
  /** What the worker namespace reports to (cluster: also passed on to the other nodes). */
  workerEvents: WorkerEvents;
  /** Finds a worker connected to another node (cluster only). */
  remoteWorker?: RemoteWorkerLinks;
  /** Sends a worker connected to any node an event that needs no answer, in order (cluster only). */
  tellWorker?: WorkerTell;
  /** Resolves once the shared state is read (cluster: the workers on other nodes); the hub waits for it before it listens. */
  ready?: Promise<void>;
}

/**
 * Where a cluster keeps what a single hub keeps in its data dir (conversations and their
 * snapshots, prompt images, contexts, push subscriptions, keys and tokens). Absent: the data-dir files.
 */
export interface SharedStores {
  conversations: ConversationBacking;
  snapshots: SnapshotBacking;
  attachments: AttachmentBacking;
  activeSessions: ActiveSessionBacking;
  subscriptions: SubscriptionBacking;
  vapidKeys(): Promise<VapidKeys>;
  tokens: SharedTokens;
}

/**
 * What the hub runs on, chosen once where it is composed: its data dir alone (the default),
 * or PostgreSQL + Redis shared with other nodes. Everything else in the hub is the same.
 */
export interface HubBackend {
  readonly nodeId: string;
  persistence: TimelinePersistence;
  /** Socket.IO options the backend needs (cluster: the Redis adapter, websocket transport only). */
  socketOptions: Partial<ServerOptions>;
  /** Cluster: the stores every node shares (the worker registry is shared through `attach`). */
  shared?: SharedStores;
  /** Wires the running parts. */
  attach(parts: {
    io: Server;
    store: SessionStore;
    runner: SessionRunner;
    workerEvents: WorkerEvents;
    workers: Pick<WorkerRegistry, "share" | "applyShared">;
    workerTools: WorkerToolCatalog;
    activeSessions: ActiveSessionRegistry;
    conversations: ConversationStore;
  }): AttachedBackend;
  health(): Promise<BackendHealth>;
  /** At start: closes turns that cannot still be running (a single hub's own; a cluster's sweep does it instead). */
  recover(store: SessionStore): string[];
  /** After turns stopped and the store is flushed: hands leases back, closes connections. */
  close(): Promise<void>;
}

/** The single hub: sessions in its data dir, every turn runs here. */
export function localBackend(nodeId: string, persistence: TimelinePersistence): HubBackend {
  return {
    nodeId,
    persistence,
    socketOptions: {},
    attach: ({ runner, workerEvents }) => ({ turns: runner, workerEvents }),
    health: () => Promise.resolve({}),
    recover: recoverInterruptedSessions,
    close: () => Promise.resolve(),
  };
}
