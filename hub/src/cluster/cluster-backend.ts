import { createAdapter } from "@socket.io/redis-adapter";
import { createClient } from "redis";
import type { Logger } from "../logger.js";
import { PgTimelinePersistence } from "../store/pg-persistence.js";
import type { HubBackend } from "./backend.js";
import { ClusterBus } from "./cluster-bus.js";
import { ClusterTurns } from "./cluster-turns.js";
import { openDatabase } from "./pg-database.js";
import { PgLeases } from "./pg-leases.js";
import { PromptQueue } from "./prompt-queue.js";
import { PgSharedState } from "./pg-shared-state.js";
import { PgWorkerDirectory } from "./pg-workers.js";
import { remoteWorkerLinks, remoteWorkerTell } from "./remote-workers.js";
import { relayWorkerEvents } from "./worker-relay.js";

/** The promise's answer, or false when it fails or takes longer than `ms` (a service that hangs is down). */
function within(promise: Promise<boolean>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  return Promise.race([promise.catch(() => false), late]).finally(() => clearTimeout(timer));
}

/** How a node joins the cluster. */
export interface ClusterOptions {
  /** `redis://host:port`; an optional `?prefix=` names the channels (default `aiflare`). */
  redisUrl: string;
  /** `postgres://...`; an optional `?schema=` puts the tables in their own schema. */
  databaseUrl: string;
  nodeId: string;
  /** Lease time in ms (default 10 s). */
  leaseMs?: number;
}

/**
 * A cluster node: timeline and leases in PostgreSQL (fenced appends), live traffic and
 * node-to-node messages through the Socket.IO Redis adapter, websocket transport only
 * (a load balancer needs no sticky sessions).
 */
export async function startClusterBackend(options: ClusterOptions, logger: Logger): Promise<HubBackend> {
  const leaseMs = options.leaseMs ?? 10_000;
  // A node paused inside a transaction holds its lease row locked: the server ends that transaction after the lease time.
  const db = await openDatabase(options.databaseUrl, { idleInTransactionMs: leaseMs, applicationName: `aiflare ${options.nodeId}` });
  const redisUrl = new URL(options.redisUrl);
  const prefix = redisUrl.searchParams.get("prefix") ?? "aiflare";
  redisUrl.searchParams.delete("prefix");
  const pub = createClient({ url: redisUrl.toString() });
  const sub = pub.duplicate();
  // Errors while Redis is away are logged once per kind; the clients reconnect on their own.
  for (const client of [pub, sub]) client.on("error", (error: Error) => logger.warn({ err: error.message }, "redis connection error"));
  try {
    await Promise.all([pub.connect(), sub.connect()]);
  } catch (error) {
    await db.close();
    throw error;
  }

  let bus: ClusterBus | undefined;
  let turns: ClusterTurns | undefined;
  const leases = new PgLeases({ pool: db.pool, nodeId: options.nodeId, leaseMs });
  const prompts = new PromptQueue(db.pool, options.nodeId);
  const shared = new PgSharedState(db.pool, options.nodeId);
  let directory: PgWorkerDirectory | undefined;
  const persistence = new PgTimelinePersistence({
    pool: db.pool,
    fence: leases,
    inAppend: (client, sessionId, records) => prompts.inAppend(client, sessionId, records),
    inAppendNeeded: (sessionId, records) => prompts.inAppendNeeded(sessionId, records),
    onWritten: (written) => bus?.records(written),
    // A write that failed while the lease is ours (a slow node whose transaction the server ended) is
    // tried again for up to a lease time; only the fence stops the turn.
    retryMs: leaseMs,
    onRetry: (sessionId, error, attempt) => logger.warn({ sessionId, attempt, err: error instanceof Error ? error.message : String(error) }, "session write failed; trying again"),
  });

  return {
    nodeId: options.nodeId,
    persistence,
    socketOptions: { adapter: createAdapter(pub, sub, { key: prefix, requestsTimeout: 2_000 }), transports: ["websocket"] },
    shared,
    attach: ({ io, store, runner, workerEvents, workers, workerTools, activeSessions, conversations }) => {
      const nodeBus = (bus = new ClusterBus(io, { nodeId: options.nodeId, logger }));
      turns = new ClusterTurns({
        nodeId: options.nodeId,
        runner,
        store,
        leases,
        persistence,
        bus,
        prompts,
        logger,
        // The next owner reads the conversation from PostgreSQL: it must be there before the lease goes back.
        beforeRelease: (sessionId) => conversations.flushSession(sessionId),
      });
      leases.start();
      turns.start();
      const workerDirectory = (directory = new PgWorkerDirectory({ pool: db.pool, nodeId: options.nodeId, leaseMs: leases.leaseMs, logger, catalog: workerTools, notify: () => nodeBus.state("workers") }));
      shared.changed = (name) => nodeBus.state(name);
      nodeBus.listenState((name) => {
        if (name === "workers") void workerDirectory.refresh();
        else activeSessions.reload().catch((error: unknown) => logger.warn({ err: error }, "reading the active sessions failed"));
      });
      return { turns, workerEvents: relayWorkerEvents(bus, workerEvents), remoteWorker: remoteWorkerLinks(io), tellWorker: remoteWorkerTell(io), ready: workerDirectory.start(workers) };
    },
    health: async () => {
      const [redis, database] = await Promise.all([within(pub.ping().then((answer) => answer === "PONG"), 1_000), within(db.reachable(), 2_000)]);
      return { node: options.nodeId, redis, database };
    },
    // Another node may be running any busy session right now; expired ones are taken over by the sweep.
    recover: () => [],
    close: async () => {
      await directory?.close();
      await leases.close().catch((error: unknown) => logger.warn({ err: error }, "could not hand leases back"));
      await Promise.all([pub.quit(), sub.quit()]).catch(() => undefined);
      await db.close();
    },
  };
}
