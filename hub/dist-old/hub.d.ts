import type { FastifyInstance } from "fastify";
import { Server } from "socket.io";
import { type ModelSetup } from "./agent/model-setup.js";
import { type HubTokens } from "./auth/tokens.js";
import { AttachmentStore } from "./attachments/attachment-store.js";
import { PushService } from "./push/push-service.js";
import { type Logger } from "./logger.js";
import { ActiveSessionRegistry } from "./registry/active-sessions.js";
import { WorkerRegistry } from "./registry/workers.js";
import type { RuntimeFactory } from "./runner/runtime.js";
import { SessionRunner } from "./runner/session-runner.js";
import { ToolResultBroker } from "./tools/tool-result-broker.js";
import { ToolRunnerFactory } from "./tools/tool-runner.js";
import type { TimelinePersistence } from "./store/log-record.js";
import { SessionStore } from "./store/session-store.js";
import { type HubBackend } from "./cluster/backend.js";
import type { ClusterOptions } from "./cluster/cluster-backend.js";
import { SessionAdmin } from "./session-admin/session-admin.js";
import { TerminalRelay } from "./terminal/terminal-relay.js";
export declare const DEFAULT_PORT = 4123;
export declare const DEFAULT_BODY_LIMIT: number;
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
    localWorker?: {
        roots: string[];
        name?: string;
    };
    /** How long a dropped worker may take to come back before its calls fail (default 5 s). */
    workerGraceMs?: number;
    /** Failed token attempts per address and window before it gets 429 (default 30 per minute). */
    authFailureLimit?: {
        limit: number;
        windowMs: number;
    };
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
/** Loads state from the data dir and serves REST, Socket.IO and the web UI on one port. */
export declare function startHub(options: HubOptions): Promise<Hub>;
//# sourceMappingURL=hub.d.ts.map