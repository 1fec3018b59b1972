import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { parseArgs } from "node:util";
import { benchFanout } from "./b1-fanout.js";
import { benchRoundTrip } from "./b2-roundtrip.js";
import { benchConversation } from "./b3-conversation.js";
import { benchClusterConversation } from "./b7-conversation.js";
import { benchPersistence } from "./b3-persistence.js";
import { benchMemory } from "./b4-memory.js";
import { benchReconnect } from "./b5-reconnect.js";
import { benchCheckpoint } from "./b6-checkpoint.js";
import { benchCluster } from "./b7-cluster.js";
import { benchSearch } from "./b8-search.js";
import type { Row } from "./stats.js";

const USAGE = `Usage: npm run bench -- [options]

Measures the hub and prints each figure beside a baseline measured in the same run.
  --only B1,B3          run some benchmarks (default: all; B7 needs PostgreSQL and Redis,
                        AIFLARE_TEST_DATABASE_URL / AIFLARE_TEST_REDIS_URL, and skips without)
  --sessions N          B1 sessions streaming at once (default 50)
  --browsers M          B1 browsers per session (default 2)
  --tokens T            B1 saturation: tokens per answer (default 3000)
  --paced-tokens T      B1 paced: tokens per answer (default 300)
  --rate R              B1 paced: tokens per second per session (default 100)
  --paths LIST          B1 paths to run: hub,relay,emitter (default all)
  --coalesce-ms MS      B1 hub's deprecated coalescing tick (default: adaptive flush)
  --warm-ups N          B1 unmeasured warm-up answers per session before each phase (default 3)
  --calls N             B2 tool calls (default 500)
  --events N            B3 session size (default 100000)
  --idle-sessions N     B4 sessions (default 1000)
  --idle-browsers N     B4 browsers (default 200)
  --storm N             B5 sockets dropped at once (default 200)
  --cp-files N          B6 files in the checkpointed workdir (default 10000, 5 kB each)
  --cluster-sessions N  B7 sessions streaming at once through the cluster (default 12)
  --cluster-browsers M  B7 browsers per session, spread over the nodes (default 3)
  --cluster-tokens T    B7 saturation: tokens per answer (default 3000; paced: 200 at 50/s)
  --takeovers N         B7 kill -9 of a session's owner mid-turn (default 5)
  --lease-ms MS         B7 takeovers: the nodes' lease time (default 2000; fan-out: hub default)
  --search-sessions N   B8 sessions searched (default 1000, 100 messages each)
  --out FILE            JSON results (default bench-results/bench-<time>.json)
`;

const { values } = parseArgs({
  options: {
    only: { type: "string" },
    sessions: { type: "string" },
    browsers: { type: "string" },
    tokens: { type: "string" },
    "paced-tokens": { type: "string" },
    rate: { type: "string" },
    paths: { type: "string" },
    "coalesce-ms": { type: "string" },
    "warm-ups": { type: "string" },
    calls: { type: "string" },
    events: { type: "string" },
    "idle-sessions": { type: "string" },
    "idle-browsers": { type: "string" },
    storm: { type: "string" },
    "cp-files": { type: "string" },
    "cluster-sessions": { type: "string" },
    "cluster-browsers": { type: "string" },
    "cluster-tokens": { type: "string" },
    takeovers: { type: "string" },
    "lease-ms": { type: "string" },
    "search-sessions": { type: "string" },
    out: { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});
if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const num = (value: string | undefined, fallback: number) => {
  const n = value === undefined ? fallback : Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`not a positive number: ${value}`);
  return n;
};
const only = new Set((values.only ?? "B1,B2,B3,B4,B5,B6,B7,B8").split(",").map((s) => s.trim().toUpperCase()));

const format = (n: number | undefined, unit?: string) => {
  if (n === undefined || Number.isNaN(n)) return "";
  const digits = Math.abs(n) >= 100 ? 0 : Math.abs(n) >= 10 ? 1 : 2;
  return `${n.toLocaleString("en", { maximumFractionDigits: digits, minimumFractionDigits: digits })}${unit ? ` ${unit}` : ""}`;
};

function printTable(rows: Row[]): void {
  const header = ["id", "metric", "aiflare", "baseline", "ratio", "target", "met"];
  const lines = rows.map((r) => [r.id, r.metric, format(r.aiflare, r.unit), format(r.baseline, r.unit), r.ratio === undefined ? "" : `${format(r.ratio)}x`, r.target, r.met === undefined ? "" : r.met ? "yes" : "NO"]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const row = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  console.log(row(header));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const line of lines) console.log(row(line));
  for (const r of rows.filter((r) => r.note)) console.log(`  ${r.id} ${r.metric}: ${r.note}`);
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  const run = async (id: string, fn: () => Promise<Row[]>) => {
    if (!only.has(id)) return;
    process.stderr.write(`running ${id}…\n`);
    const started = Date.now();
    rows.push(...(await fn()));
    process.stderr.write(`  ${id} took ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  };
  await run("B1", () => benchFanout({ sessions: num(values.sessions, 50), browsers: num(values.browsers, 2), tokens: num(values.tokens, 3000), pacedTokens: num(values["paced-tokens"], 300), rate: num(values.rate, 100), warmUps: num(values["warm-ups"], 3), ...(values.paths ? { paths: values.paths.split(",") } : {}), ...(values["coalesce-ms"] ? { coalesceMs: num(values["coalesce-ms"], 16) } : {}) }));
  await run("B2", () => benchRoundTrip({ calls: num(values.calls, 500) }));
  await run("B3", async () => [...(await benchPersistence({ events: num(values.events, 100_000), samples: 2000 })), ...(await benchConversation({ items: 2000, steps: 200 }))]);
  await run("B4", () => benchMemory({ sessions: num(values["idle-sessions"], 1000), browsers: num(values["idle-browsers"], 200) }));
  await run("B5", () => benchReconnect({ browsers: num(values.storm, 200), sessions: 20 }));
  await run("B6", () => benchCheckpoint({ files: num(values["cp-files"], 10_000), fileBytes: 5000, reps: 3 }));
  await run("B7", async () => [
    ...(await benchCluster({ sessions: num(values["cluster-sessions"], 12), browsers: num(values["cluster-browsers"], 3), tokens: num(values["cluster-tokens"], 3000), takeovers: num(values.takeovers, 5), leaseMs: num(values["lease-ms"], 2000) })),
    ...(await benchClusterConversation({ items: 2000, steps: 50 })),
  ]);
  await run("B8", () => benchSearch({ sessions: num(values["search-sessions"], 1000), messages: 100, runs: 50 }));

  let commit = "unknown";
  try {
    commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
  } catch {
    // not a git checkout
  }
  const machine = `${cpus().length} x ${cpus()[0]?.model ?? "cpu"}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`;
  console.log(`\naiflare bench — ${new Date().toISOString()} — commit ${commit} — ${machine}\n`);
  printTable(rows);
  const out = values.out ?? `bench-results/bench-${new Date().toISOString().replace(/[:.]/g, "-")}.json`;
  mkdirSync(out.split("/").slice(0, -1).join("/") || ".", { recursive: true });
  writeFileSync(out, `${JSON.stringify({ date: new Date().toISOString(), commit, machine, rows }, null, 2)}\n`);
  console.log(`\nresults: ${out}`);
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
