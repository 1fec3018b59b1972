// A preload for profiling a hub under B1: `AIFLARE_BENCH_HUB_NODE_ARGS="--import <repo>/bench/dist/loop-delay.js"`.
// Every 250 ms it appends one JSON line to <tmpdir>/aiflare-loop-delay-<pid>.jsonl: the event loop's
// delay (p50, p99, max in ms, from perf_hooks.monitorEventLoopDelay at 1 ms resolution) and
// utilization (share of the interval the loop was busy) over that interval. Stalls (a long
// synchronous step, GC, a blocked write) show up as max and p99; a loop that is simply
// overloaded shows utilization near 1.
import { appendFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";

const INTERVAL_MS = 250;
const file = join(tmpdir(), `aiflare-loop-delay-${process.pid}.jsonl`);
const delay = monitorEventLoopDelay({ resolution: 1 });
delay.enable();
let since = performance.eventLoopUtilization();

setInterval(() => {
  const elu = performance.eventLoopUtilization(since);
  since = performance.eventLoopUtilization();
  const ms = (ns: number) => Math.round(ns / 1e4) / 100;
  const line = { t: Date.now(), p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max), utilization: Math.round(elu.utilization * 1000) / 1000 };
  delay.reset();
  appendFileSync(file, `${JSON.stringify(line)}\n`);
}, INTERVAL_MS).unref();
