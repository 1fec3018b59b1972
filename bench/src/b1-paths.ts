import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { io as connect, type Socket } from "socket.io-client";
import { cpuMsOf } from "./cpu.js";
import { BASELINE_SERVER, BENCH_TOKEN, MODEL_SERVER, RELAY_SERVER, api, benchSessions, startChild, startHubProcess, type Child } from "./processes.js";
import { nowMs, quantile, sleep, until } from "./stats.js";
import { Deliveries, MEASURED, WARM_UP, WARM_UP_TOKENS } from "./token-model-server.js";

/** One B1 phase: how many streams, how big, how fast (intervalMs 0 = saturation). */
export interface Load {
  sessions: number;
  browsers: number;
  tokens: number;
  intervalMs: number;
  /** The hub's deprecated coalescing tick (adaptive flush when absent). */
  coalesceMs?: number;
  /** Unmeasured warm-up answers per session before the measured one. */
  warmUps: number;
}

/** What one path delivered in one phase. */
export interface Measured {
  tokensPerSec: number;
  p50: number;
  p99: number;
  delivered: number;
  /** Tokens per Socket.IO message at a browser. */
  perMessage: number;
  /** CPU time of the serving process (hub / relay / emitter), µs per token delivered to a browser. */
  cpuUsPerToken: number;
  /**
   * The same between 30% and 70% of the tokens delivered: the streams alone, without turn starts
   * and ends (paced, every turn has started by then and none has ended).
   */
  midCpuUsPerToken: number;
  /** Token latency p99 of the tokens delivered between 30% and 70% (paced: the streams alone, after every turn's start). */
  midP99: number;
  /** Tokens per second from sending the prompts to the last token at a browser (turn start-up included). */
  wallTokensPerSec: number;
}

/** Where browsers count what arrives; swapped for a fresh one after the warm-up. */
export interface Sink {
  current: Deliveries;
}

/**
 * First `load.warmUps` unmeasured warm-up answers of `WARM_UP_TOKENS` per session, one after
 * the other (so one-time costs — module loading, first connections, and the JIT: code that runs
 * once per turn is only optimized after a few turns of every session — are not counted, for any
 * path), then the measured one: streams until every browser holds every token, timing the
 * serving processes' CPU meanwhile.
 */
export async function deliver(load: Load, servers: Child[], sink: Sink, start: (input: string) => Promise<unknown>, settled: () => Promise<void>): Promise<Measured> {
  const cpuMs = () => servers.reduce((sum, server) => sum + cpuMsOf(server.child.pid!), 0);
  for (let round = 0; round < load.warmUps; round++) {
    sink.current = new Deliveries();
    await start(WARM_UP);
    await until(() => sink.current.count >= load.sessions * load.browsers * WARM_UP_TOKENS, 60_000, "warm-up tokens at the browsers");
    await settled();
  }
  await sleep(200);
  const deliveries = (sink.current = new Deliveries());
  const cpuBefore = cpuMs();
  const startedAt = nowMs();
  const total = load.sessions * load.browsers * load.tokens;
  const sample = () => ({ count: deliveries.count, cpu: cpuMs() });
  await start(MEASURED);
  await until(() => deliveries.count >= total * 0.3, 180_000, "30% of the tokens at the browsers");
  const from = sample();
  await until(() => deliveries.count >= total * 0.7, 180_000, "70% of the tokens at the browsers");
  const to = sample();
  await until(() => deliveries.count >= total, 180_000, "all tokens at the browsers");
  const cpuUsed = cpuMs() - cpuBefore;
  return {
    tokensPerSec: deliveries.perSecond,
    p50: quantile(deliveries.latencies, 0.5),
    p99: quantile(deliveries.latencies, 0.99),
    delivered: deliveries.count,
    perMessage: deliveries.count / deliveries.messages,
    cpuUsPerToken: (cpuUsed * 1000) / deliveries.count,
    midCpuUsPerToken: ((to.cpu - from.cpu) * 1000) / (to.count - from.count),
    midP99: quantile(deliveries.latencies.slice(Math.floor(total * 0.3), Math.floor(total * 0.7)), 0.99),
    wallTokensPerSec: deliveries.count / ((deliveries.lastAt - startedAt) / 1000),
  };
}

/** Browsers of a plain Socket.IO server (relay / emitter): `join` a room each, count `token` messages. */
async function roomBrowsers(url: string, load: Load, sink: Sink, sockets: Socket[]): Promise<void> {
  for (let s = 0; s < load.sessions; s++) {
    for (let b = 0; b < load.browsers; b++) {
      const socket = connect(url, { transports: ["websocket"], forceNew: true });
      sockets.push(socket);
      socket.on("token", (token: string) => sink.current.record(token));
      await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
      await socket.timeout(10_000).emitWithAck("join", `room-${s}`);
    }
  }
}

/** A browser of the hub joined to one session, counting the stamped tokens of its `message_delta` events. */
export async function hubBrowser(url: string, sessionId: string, sink: Sink): Promise<Socket> {
  const socket = connect(`${url}/browser`, { auth: { token: BENCH_TOKEN }, transports: ["websocket"], forceNew: true });
  socket.on("session:events", ({ events }: { events: { type: string; delta?: string }[] }) => {
    let text = "";
    for (const event of events) if (event.type === "message_delta" && event.delta) text += event.delta;
    if (text) sink.current.record(text);
  });
  await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
  const ack = (await socket.timeout(10_000).emitWithAck("session:join", { sessionId })) as { ok: boolean; error?: { message: string } };
  if (!ack.ok) throw new Error(`session:join ${sessionId} at ${url}: ${ack.error?.message ?? "refused"}`);
  return socket;
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
    const sink: Sink = { current: new Deliveries() };
    for (const session of sessions) {
      for (let b = 0; b < load.browsers; b++) sockets.push(await hubBrowser(hub.url, session.id, sink));
    }
    const idle = async () => (await api<{ sessions: { status: string }[] }>(hub.url, "GET", "/api/sessions")).sessions.every((s) => s.status === "waiting");
    return await deliver(
      load,
      [hub],
      sink,
      (text) => Promise.all(sessions.map((session) => api(hub.url, "POST", `/api/sessions/${session.id}/messages`, { text }))),
      async () => {
        for (let i = 0; i < 200 && !(await idle()); i++) await sleep(50);
      },
    );
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
  // AIFLARE_BENCH_RELAY_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the relay, as the hub's variable does the hub
  const relay = await startChild(RELAY_SERVER, [], {}, /listening on (http:\/\/\S+)/, process.env.AIFLARE_BENCH_RELAY_NODE_ARGS?.split(" ").filter(Boolean) ?? []);
  const sockets: Socket[] = [];
  try {
    const sink: Sink = { current: new Deliveries() };
    await roomBrowsers(relay.url, load, sink, sockets);
    let done: () => void = () => undefined;
    relay.child.on("message", () => done());
    const ended = () => new Promise<void>((resolve) => (done = resolve));
    let finished = ended();
    return await deliver(
      load,
      [relay],
      sink,
      (input) => Promise.resolve(relay.child.send({ sessions: load.sessions, modelURL: model.url, input })),
      async () => {
        await finished;
        finished = ended();
      },
    );
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
    const sink: Sink = { current: new Deliveries() };
    await roomBrowsers(server.url, load, sink, sockets);
    const tokens = (input: string) => (input === WARM_UP ? WARM_UP_TOKENS : load.tokens);
    return await deliver(load, [server], sink, (input) => Promise.resolve(server.child.send({ sessions: load.sessions, tokens: tokens(input), intervalMs: load.intervalMs })), () => Promise.resolve());
  } finally {
    for (const socket of sockets) socket.disconnect();
    await server.stop();
  }
}
