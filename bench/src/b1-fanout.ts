import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { io as connect, type Socket } from "socket.io-client";
import { BASELINE_SERVER, BENCH_TOKEN, MODEL_SERVER, api, benchSessions, startChild, startHubProcess } from "./processes.js";
import { quantile, until, type Row } from "./stats.js";
import { Deliveries } from "./token-model-server.js";

export interface FanoutOptions {
  sessions: number;
  browsers: number;
  tokens: number;
  intervalMs: number;
  /** The hub's coalescing tick (its default when absent). */
  coalesceMs?: number;
}

interface Measured {
  tokensPerSec: number;
  p50: number;
  p99: number;
  delivered: number;
}

function measured(deliveries: Deliveries): Measured {
  return { tokensPerSec: deliveries.perSecond, p50: quantile(deliveries.latencies, 0.5), p99: quantile(deliveries.latencies, 0.99), delivered: deliveries.count };
}

/**
 * B1: N sessions stream at once through the whole path (model server -> AgentLoop ->
 * SessionStore with persistence -> Socket.IO room) to M browsers each; token latency is from
 * the moment the model server writes a token to its arrival in a browser socket.
 */
async function measureHub(options: FanoutOptions): Promise<Measured> {
  const dir = await mkdtemp(join(tmpdir(), "aiflare-bench-b1-"));
  // The model server runs in its own process, like the baseline's token source.
  const model = await startChild(MODEL_SERVER, [String(options.tokens), String(options.intervalMs)], {}, /listening on (http:\/\/\S+)/);
  const hub = await startHubProcess(join(dir, "data"), model.url, options.coalesceMs !== undefined ? ["--coalesce-ms", String(options.coalesceMs)] : []);
  const sockets: Socket[] = [];
  try {
    const { worker, sessions } = await benchSessions(hub.url, options.sessions);
    sockets.push(worker);
    const deliveries = new Deliveries();
    for (const session of sessions) {
      for (let b = 0; b < options.browsers; b++) {
        const socket = connect(`${hub.url}/browser`, { auth: { token: BENCH_TOKEN }, transports: ["websocket"], forceNew: true });
        sockets.push(socket);
        socket.on("session:events", ({ events }: { events: { type: string; delta?: string }[] }) => {
          for (const event of events) if (event.type === "message_delta" && event.delta) deliveries.record(event.delta);
        });
        await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
        await socket.timeout(10_000).emitWithAck("session:join", { sessionId: session.id });
      }
    }
    await Promise.all(sessions.map((session) => api(hub.url, "POST", `/api/sessions/${session.id}/messages`, { text: "stream" })));
    const expected = options.sessions * options.browsers * options.tokens;
    await until(() => deliveries.count >= expected, 120_000, "all tokens at the browsers");
    return measured(deliveries);
  } finally {
    for (const socket of sockets) socket.disconnect();
    await hub.stop();
    await model.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Baseline: plain Socket.IO room emits of the same tokens, one emit per token, same pacing. */
async function measureBaseline(options: FanoutOptions): Promise<Measured> {
  const server = await startChild(BASELINE_SERVER, [], {}, /listening on (http:\/\/\S+)/);
  const sockets: Socket[] = [];
  try {
    const deliveries = new Deliveries();
    for (let s = 0; s < options.sessions; s++) {
      for (let b = 0; b < options.browsers; b++) {
        const socket = connect(server.url, { transports: ["websocket"], forceNew: true });
        sockets.push(socket);
        socket.on("token", (token: string) => deliveries.record(token));
        await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
        await socket.timeout(10_000).emitWithAck("join", `room-${s}`);
      }
    }
    server.child.send({ sessions: options.sessions, tokens: options.tokens, intervalMs: options.intervalMs });
    const expected = options.sessions * options.browsers * options.tokens;
    await until(() => deliveries.count >= expected, 120_000, "all baseline tokens");
    return measured(deliveries);
  } finally {
    for (const socket of sockets) socket.disconnect();
    await server.stop();
  }
}

export async function benchFanout(options: FanoutOptions): Promise<Row[]> {
  const baseline = await measureBaseline(options);
  const hub = await measureHub(options);
  const size = `${options.sessions} sessions x ${options.browsers} browsers, ${options.tokens} tokens each every ${options.intervalMs} ms`;
  return [
    { id: "B1", metric: "token fan-out, tokens/s delivered", aiflare: hub.tokensPerSec, baseline: baseline.tokensPerSec, unit: "tok/s", ratio: hub.tokensPerSec / baseline.tokensPerSec, target: ">= 1.0x", met: hub.tokensPerSec >= baseline.tokensPerSec * 0.995, note: size },
    { id: "B1", metric: "token latency p50", aiflare: hub.p50, baseline: baseline.p50, unit: "ms", ratio: hub.p50 / baseline.p50, target: "", note: "model write -> browser socket" },
    { id: "B1", metric: "token latency p99", aiflare: hub.p99, baseline: baseline.p99, unit: "ms", ratio: hub.p99 / baseline.p99, target: "<= 25 ms", met: hub.p99 <= 25 },
  ];
}
