import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { io as connect, type Socket } from "socket.io-client";
import { cpuMsOf } from "./cpu.js";
import { BASELINE_SERVER, BENCH_TOKEN, MODEL_SERVER, RELAY_SERVER, api, benchSessions, startChild, startHubProcess, type Child } from "./processes.js";
import { quantile, until } from "./stats.js";
import { Deliveries } from "./token-model-server.js";

/** One B1 phase: how many streams, how big, how fast (intervalMs 0 = saturation). */
export interface Load {
  sessions: number;
  browsers: number;
  tokens: number;
  intervalMs: number;
  /** The hub's deprecated coalescing tick (adaptive flush when absent). */
  coalesceMs?: number;
}

/** What one path delivered in one phase. */
export interface Measured {
  tokensPerSec: number;
  p50: number;
  p99: number;
  delivered: number;
  /** CPU time of the serving process (hub / relay / emitter), µs per token delivered to a browser. */
  cpuUsPerToken: number;
}

/** Streams until every browser holds every token, timing the server process's CPU meanwhile. */
async function deliver(load: Load, server: Child, deliveries: Deliveries, start: () => Promise<unknown>): Promise<Measured> {
  const cpuBefore = cpuMsOf(server.child.pid!);
  await start();
  await until(() => deliveries.count >= load.sessions * load.browsers * load.tokens, 180_000, "all tokens at the browsers");
  const cpuMs = cpuMsOf(server.child.pid!) - cpuBefore;
  return {
    tokensPerSec: deliveries.perSecond,
    p50: quantile(deliveries.latencies, 0.5),
    p99: quantile(deliveries.latencies, 0.99),
    delivered: deliveries.count,
    cpuUsPerToken: (cpuMs * 1000) / deliveries.count,
  };
}

/** Browsers of a plain Socket.IO server (relay / emitter): `join` a room each, count `token` messages. */
async function roomBrowsers(url: string, load: Load, deliveries: Deliveries, sockets: Socket[]): Promise<void> {
  for (let s = 0; s < load.sessions; s++) {
    for (let b = 0; b < load.browsers; b++) {
      const socket = connect(url, { transports: ["websocket"], forceNew: true });
      sockets.push(socket);
      socket.on("token", (token: string) => deliveries.record(token));
      await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
      await socket.timeout(10_000).emitWithAck("join", `room-${s}`);
    }
  }
}

/**
 * The hub: model server (own process) -> hub process (real `openai` SDK -> AgentLoop ->
 * SessionStore, written to JSONL before it is published -> Socket.IO room) -> browsers here.
 */
export async function measureHub(load: Load): Promise<Measured> {
  const dir = await mkdtemp(join(tmpdir(), "aiflare-bench-b1-"));
  const model = await startChild(MODEL_SERVER, [String(load.tokens), String(load.intervalMs)], {}, /listening on (http:\/\/\S+)/);
  const hub = await startHubProcess(join(dir, "data"), model.url, load.coalesceMs !== undefined ? ["--coalesce-ms", String(load.coalesceMs)] : []);
  const sockets: Socket[] = [];
  try {
    const { worker, sessions } = await benchSessions(hub.url, load.sessions);
    sockets.push(worker);
    const deliveries = new Deliveries();
    for (const session of sessions) {
      for (let b = 0; b < load.browsers; b++) {
        const socket = connect(`${hub.url}/browser`, { auth: { token: BENCH_TOKEN }, transports: ["websocket"], forceNew: true });
        sockets.push(socket);
        socket.on("session:events", ({ events }: { events: { type: string; delta?: string }[] }) => {
          for (const event of events) if (event.type === "message_delta" && event.delta) deliveries.record(event.delta);
        });
        await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
        await socket.timeout(10_000).emitWithAck("session:join", { sessionId: session.id });
      }
    }
    return await deliver(load, hub, deliveries, () => Promise.all(sessions.map((session) => api(hub.url, "POST", `/api/sessions/${session.id}/messages`, { text: "stream" }))));
  } finally {
    for (const socket of sockets) socket.disconnect();
    await hub.stop();
    await model.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The direct relay: the same model server's SSE, one Socket.IO message per token, no persistence. */
export async function measureRelay(load: Load): Promise<Measured> {
  const model = await startChild(MODEL_SERVER, [String(load.tokens), String(load.intervalMs)], {}, /listening on (http:\/\/\S+)/);
  const relay = await startChild(RELAY_SERVER, [], {}, /listening on (http:\/\/\S+)/);
  const sockets: Socket[] = [];
  try {
    const deliveries = new Deliveries();
    await roomBrowsers(relay.url, load, deliveries, sockets);
    return await deliver(load, relay, deliveries, () => Promise.resolve(relay.child.send({ sessions: load.sessions, modelURL: model.url })));
  } finally {
    for (const socket of sockets) socket.disconnect();
    await relay.stop();
    await model.stop();
  }
}

/** The in-process emitter: tokens made up in the serving process itself, one emit per token. */
export async function measureEmitter(load: Load): Promise<Measured> {
  const server = await startChild(BASELINE_SERVER, [], {}, /listening on (http:\/\/\S+)/);
  const sockets: Socket[] = [];
  try {
    const deliveries = new Deliveries();
    await roomBrowsers(server.url, load, deliveries, sockets);
    return await deliver(load, server, deliveries, () => Promise.resolve(server.child.send({ sessions: load.sessions, tokens: load.tokens, intervalMs: load.intervalMs })));
  } finally {
    for (const socket of sockets) socket.disconnect();
    await server.stop();
  }
}
