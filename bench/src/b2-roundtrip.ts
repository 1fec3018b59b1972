import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger, startHub } from "@aiflare/hub";
import { Server } from "socket.io";
import { BASELINE_CLIENT, BENCH_TOKEN, BENCH_WORKER_TOKEN, startChild, startQuietWorkerProcess } from "./processes.js";
import { quantile, until, type Row } from "./stats.js";

/**
 * B2: one trivial tool call hub -> worker -> hub, through the real path (WorkerToolRouter,
 * ToolResultBroker, agent_tool_call ack, the worker process validating and answering),
 * against plain `emitWithAck` to a client in its own process. The trivial call is an
 * apply_patch with an empty patch: the worker parses, refuses and answers, spawning nothing.
 * A `shell true` call (which spawns a process) is measured too, for scale.
 */
export async function benchRoundTrip(options: { calls: number }): Promise<Row[]> {
  const dir = await mkdtemp(join(tmpdir(), "aiflare-bench-b2-"));
  const hub = await startHub({
    dataDir: join(dir, "data"),
    port: 0,
    logger: createLogger({ level: "silent" }),
    env: { AIFLARE_TOKEN: BENCH_TOKEN, AIFLARE_WORKER_TOKEN: BENCH_WORKER_TOKEN },
  });
  const worker = startQuietWorkerProcess(hub.url, dir, join(dir, "worker.json"), join(dir, "worker.log"));
  const baseHttp = createServer();
  const io = new Server(baseHttp);
  try {
    await until(() => hub.workers.list().some((w) => w.status === "online"), 10_000, "worker online");
    const workerId = hub.workers.list()[0]!.id;
    const session = await hub.store.create({ workerId, workdir: dir, model: "m", title: "", approvalPolicy: "full-auto" });
    const runner = hub.tools.for(session);
    await new Promise<void>((resolve) => baseHttp.listen(0, "127.0.0.1", resolve));
    const client = await startChild(BASELINE_CLIENT, [`http://127.0.0.1:${(baseHttp.address() as AddressInfo).port}`], {}, /(connected)/);
    const [socket] = await io.fetchSockets();
    const ping = async (i: number) => {
      const started = performance.now();
      await socket!.timeout(10_000).emitWithAck("ping-ack", { callId: `p${i}`, tool: "x", args: {} });
      return performance.now() - started;
    };
    const call = async (tool: "apply_patch" | "shell", args: Record<string, unknown>, i: number) => {
      const started = performance.now();
      const result = await runner.run(session, { callId: `b2-${tool}-${i}`, tool, args, timeoutMs: 10_000 }, new AbortController().signal);
      if (tool === "shell" && !result.ok) throw new Error(`shell call failed: ${result.error}`);
      return performance.now() - started;
    };
    // Calls and baseline pings alternate (order swapped every time), so both see the same
    // load on this shared machine; the first 20 of each warm up.
    const trivial: number[] = [];
    const baseline: number[] = [];
    const noop = { input: "*** Begin Patch\n*** End Patch" };
    for (let i = 0; i < options.calls + 20; i++) {
      let callMs: number;
      let pingMs: number;
      if (i % 2 === 0) {
        callMs = await call("apply_patch", noop, i);
        pingMs = await ping(i);
      } else {
        pingMs = await ping(i);
        callMs = await call("apply_patch", noop, i);
      }
      if (i >= 20) {
        trivial.push(callMs);
        baseline.push(pingMs);
      }
    }
    const spawning: number[] = [];
    for (let i = 0; i < Math.min(options.calls, 200) + 20; i++) {
      const took = await call("shell", { command: ["true"] }, i);
      if (i >= 20) spawning.push(took);
    }
    await client.stop();
    const p = (samples: number[], q: number) => quantile(samples, q);
    return [
      { id: "B2", metric: "tool round trip p50 (no-op call)", aiflare: p(trivial, 0.5), baseline: p(baseline, 0.5), unit: "ms", ratio: p(trivial, 0.5) / p(baseline, 0.5), target: "<= 3x", met: p(trivial, 0.5) <= 3 * p(baseline, 0.5), note: `${options.calls} calls, hub -> worker process -> hub` },
      { id: "B2", metric: "tool round trip p99 (no-op call)", aiflare: p(trivial, 0.99), baseline: p(baseline, 0.99), unit: "ms", ratio: p(trivial, 0.99) / p(baseline, 0.99), target: "<= 3x", met: p(trivial, 0.99) <= 3 * p(baseline, 0.99) },
      { id: "B2", metric: "shell `true` round trip p50 (spawns)", aiflare: p(spawning, 0.5), baseline: p(baseline, 0.5), unit: "ms", ratio: p(spawning, 0.5) / p(baseline, 0.5), target: "info", note: "dominated by process spawn" },
    ];
  } finally {
    io.close();
    await worker.stop();
    await hub.close();
    await rm(dir, { recursive: true, force: true });
  }
}
