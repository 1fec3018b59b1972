import { loadavg } from "node:os";
import { measureHub, type Load, type Measured } from "./b1-paths.js";
import { measureCluster, type ClusterMeasured } from "./b7-fanout.js";
import { measureTakeovers } from "./b7-takeover.js";
import { clusterSkipReason } from "./cluster-services.js";
import { quantile, type Row } from "./stats.js";

export interface ClusterOptions {
  sessions: number;
  /** Browsers per session, spread over the nodes. */
  browsers: number;
  /** Saturation phase: tokens per answer, written as fast as the reader takes them. */
  tokens: number;
  /** kill -9 of a session's owner mid-turn, this many times. */
  takeovers: number;
  /** The nodes' lease time in the takeover phase (the fan-out runs on the hub's default). */
  leaseMs: number;
}

/** Paced phase: tokens per answer at RATE per second per session. */
const PACED_TOKENS = 200;
const RATE = 50;

const load = () => loadavg()[0]!.toFixed(1);

/**
 * The three setups on one load, one after the other: the single hub on its data dir, 1 node
 * and 3 nodes in cluster mode. The fan-out runs on the hub's default lease (10 s), not the takeover phase's short one: on
 * this 2-core machine a saturated node's event loop can lag more than 2 s, and a 2 s lease then
 * expires under a live owner, which another node takes over (its turn closed `failed`), so
 * the measured answers would never all arrive.
 */
async function setups(phase: Load): Promise<{ three: ClusterMeasured; one: ClusterMeasured; single: Measured; loads: string[] }> {
  const loads = [load()];
  const single = await timed(`single hub, ${phase.intervalMs ? "paced" : "saturation"}`, () => measureHub(phase));
  loads.push(load());
  const one = await timed("1 node", () => measureCluster(phase, 1));
  loads.push(load());
  const three = await timed("3 nodes", () => measureCluster(phase, 3));
  loads.push(load());
  return { three, one, single, loads };
}

async function timed<T>(what: string, fn: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const result = await fn();
  process.stderr.write(`  B7 ${what}: ${((Date.now() - started) / 1000).toFixed(1)} s, load average ${load()}\n`);
  return result;
}

const fixed = (n: number) => n.toFixed(0);

const owners = (m: ClusterMeasured) =>
  Object.entries(m.owners)
    .map(([node, n]) => `${node} ${n}`)
    .join(", ");

/**
 * B7: the B1 fan-out through three hub processes on PostgreSQL and Redis beside the same load
 * on one node (and the single hub, as info), then the takeover time after kill -9 of a
 * session's owner. When the services are unreachable it prints a skip line and returns only a
 * `skipped` row, so the rest of the bench runs.
 */
export async function benchCluster(options: ClusterOptions): Promise<Row[]> {
  const skip = await clusterSkipReason();
  if (skip) {
    process.stderr.write(`  B7 skipped: ${skip}\n`);
    return [{ id: "B7", metric: "skipped: PostgreSQL or Redis unreachable", aiflare: Number.NaN, unit: "", target: "skipped", note: skip }];
  }
  try {
    return await measure(options);
  } catch (error) {
    // A cluster that fails here must not take the rest of the bench down with it.
    process.stderr.write(`  B7 failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return [{ id: "B7", metric: "FAILED (see the error above the table)", aiflare: Number.NaN, unit: "", target: "", met: false, note: error instanceof Error ? error.message.split("\n")[0] : String(error) }];
  }
}

async function measure(options: ClusterOptions): Promise<Row[]> {
  // Three warm-up answers per session, as B1 (see deliver): code run once per turn gets optimized before the measured one.
  const base = { sessions: options.sessions, browsers: options.browsers, warmUps: 3 };
  const sat = await setups({ ...base, tokens: options.tokens, intervalMs: 0 });
  const paced = await setups({ ...base, tokens: PACED_TOKENS, intervalMs: 1000 / RATE });
  const kills = await timed("takeovers", () => measureTakeovers({ kills: options.takeovers, leaseMs: options.leaseMs }));
  const loadAfter = load();
  const times = kills.flatMap((k) => (k.ms === undefined ? [] : [k.ms]));
  const failed = kills.filter((k) => k.status === "failed" && /taken over by/.test(k.error ?? "")).length;
  const target = options.leaseMs + 1000;
  const size = `${options.sessions} sessions x ${options.browsers} browsers`;
  const p50 = quantile(times, 0.5);
  const max = times.length > 0 ? Math.max(...times) : Number.NaN;
  return [
    { id: "B7", metric: "saturation: tokens/s, prompts to last token, 3 nodes vs 1 node", aiflare: sat.three.wallTokensPerSec, baseline: sat.one.wallTokensPerSec, unit: "tok/s", ratio: sat.three.wallTokensPerSec / sat.one.wallTokensPerSec, target: "info", note: `${size} (browsers spread over the nodes, hub default lease), ${options.tokens} tokens each, counted from the prompts (turn start-up included); turns ran on: ${owners(sat.three)}; first-to-last-token tok/s 3 nodes ${fixed(sat.three.tokensPerSec)}, 1 node ${fixed(sat.one.tokensPerSec)}, single hub ${fixed(sat.single.tokensPerSec)}; load average ${sat.loads.join(" -> ")}` },
    { id: "B7", metric: "saturation: tokens/s, 1-node cluster vs single hub", aiflare: sat.one.wallTokensPerSec, baseline: sat.single.wallTokensPerSec, unit: "tok/s", ratio: sat.one.wallTokensPerSec / sat.single.wallTokensPerSec, target: "info" },
    { id: "B7", metric: "saturation: hub CPU per delivered token, 3 vs 1 node", aiflare: sat.three.cpuUsPerToken, baseline: sat.one.cpuUsPerToken, unit: "µs", ratio: sat.three.cpuUsPerToken / sat.one.cpuUsPerToken, target: "info", note: `sum over the node processes (PostgreSQL and Redis not counted); single hub ${sat.single.cpuUsPerToken.toFixed(1)} µs; tokens per message at a browser: 3 nodes ${sat.three.perMessage.toFixed(1)}, 1 node ${sat.one.perMessage.toFixed(1)}, single hub ${sat.single.perMessage.toFixed(1)}` },
    { id: "B7", metric: "paced: token latency p99, 3 nodes vs 1 node", aiflare: paced.three.p99, baseline: paced.one.p99, unit: "ms", ratio: paced.three.p99 / paced.one.p99, target: "info", note: `${size}, ${PACED_TOKENS} tokens each at ${RATE}/s per session; model write -> browser socket; turns ran on: ${owners(paced.three)}; load average ${paced.loads.join(" -> ")}` },
    { id: "B7", metric: "paced: token latency p50, 3 nodes vs 1 node", aiflare: paced.three.p50, baseline: paced.one.p50, unit: "ms", ratio: paced.three.p50 / paced.one.p50, target: "info" },
    { id: "B7", metric: "paced: token latency p99, 1-node cluster vs single hub", aiflare: paced.one.p99, baseline: paced.single.p99, unit: "ms", ratio: paced.one.p99 / paced.single.p99, target: "info", note: `p50 ${paced.one.p50.toFixed(1)} vs ${paced.single.p50.toFixed(1)} ms; mid-stream p99 (tokens 30% to 70%, without the turns' start) 3 nodes ${paced.three.midP99.toFixed(1)}, 1 node ${paced.one.midP99.toFixed(1)}, single hub ${paced.single.midP99.toFixed(1)} ms; hub CPU per token 3 nodes ${paced.three.cpuUsPerToken.toFixed(1)}, 1 node ${paced.one.cpuUsPerToken.toFixed(1)}, single hub ${paced.single.cpuUsPerToken.toFixed(1)} µs; tokens per message 3 nodes ${paced.three.perMessage.toFixed(1)}, 1 node ${paced.one.perMessage.toFixed(1)}, single hub ${paced.single.perMessage.toFixed(1)}` },
    { id: "B7", metric: `takeover: kill -9 to turn closed, p50 (lease ${options.leaseMs} ms)`, aiflare: p50, unit: "ms", target: `<= ${target} ms`, met: failed === kills.length && p50 <= target, note: `${kills.length} kills of the owner mid-stream, time to a browser on another node receiving turn_completed; ${failed}/${kills.length} closed failed with the takeover notice; times ${kills.map((k) => (k.ms === undefined ? "none" : k.ms.toFixed(0))).join(", ")} ms; load average ${loadAfter}` },
    { id: "B7", metric: `takeover: kill -9 to turn closed, max (lease ${options.leaseMs} ms)`, aiflare: max, unit: "ms", target: `<= ${target} ms`, met: failed === kills.length && max <= target },
  ];
}
