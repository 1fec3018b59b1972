import { mkdir, mkdtemp, rename, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ConversationState } from "@aiflare/core";
import { ConversationStore } from "@aiflare/hub";
import type { Row } from "./stats.js";

const item = (i: number) => ({ type: "message" as const, role: "user" as const, content: `item ${i} ${"x".repeat(1000)}` });
const state = (n: number): ConversationState => ({ mode: "stateless", history: Array.from({ length: n }, (_, i) => item(i)), pending: [item(-n)] });

/** CPU µs (this process, thread pool included) and bytes written per step. */
interface StepCost {
  cpuUs: number;
  bytes: number;
}

/** Runs `steps` saves that each add one item to a history of `items`, each written before the next. */
async function stepCost(steps: number, items: number, save: (state: ConversationState) => Promise<void>, size: () => Promise<number>): Promise<StepCost> {
  const states = Array.from({ length: steps }, (_, i) => state(items + i + 1)); // made before timing: the agent loop's copy is not the store's cost
  await save(state(items));
  const before = await size();
  const cpu = process.cpuUsage();
  for (const next of states) await save(next);
  const used = process.cpuUsage(cpu);
  return { cpuUs: (used.user + used.system) / steps, bytes: ((await size()) - before) / steps };
}

/**
 * B3, the conversation: what one agent step's save costs in a long session (a 2 MB history),
 * the append-only log against rewriting the whole conversation file each step (temp file and
 * rename: how conversations were saved before the log), measured in the same run.
 */
export async function benchConversation(options: { items: number; steps: number }): Promise<Row[]> {
  const dir = await mkdtemp(join(tmpdir(), "aiflare-bench-b3c-"));
  try {
    const store = new ConversationStore({ dataDir: join(dir, "log") });
    const log = await stepCost(
      options.steps,
      options.items,
      async (next) => {
        store.save("s", next);
        await store.flushSession("s");
      },
      async () => (await stat(join(dir, "log", "conversations", "s.jsonl"))).size,
    );
    await mkdir(join(dir, "whole"));
    const file = join(dir, "whole", "s.json");
    let written = 0;
    const whole = await stepCost(
      options.steps,
      options.items,
      async (next) => {
        const text = `${JSON.stringify(next)}\n`;
        await writeFile(`${file}.tmp`, text, { mode: 0o600 });
        await rename(`${file}.tmp`, file);
        written += Buffer.byteLength(text);
      },
      () => Promise.resolve(written),
    );
    const started = performance.now();
    const loaded = await new ConversationStore({ dataDir: join(dir, "log") }).load("s");
    const loadMs = performance.now() - started;
    const mb = (Buffer.byteLength(JSON.stringify(loaded)) / 1e6).toFixed(1);
    const note = `${options.steps} steps, each adding one 1 kB item to a ${mb} MB history; baseline: the whole file rewritten per step`;
    return [
      { id: "B3", metric: `conversation step, ${mb} MB history: CPU`, aiflare: log.cpuUs, baseline: whole.cpuUs, unit: "µs", ratio: log.cpuUs / whole.cpuUs, target: "info", note },
      { id: "B3", metric: `conversation step, ${mb} MB history: bytes written`, aiflare: log.bytes, baseline: whole.bytes, unit: "B", ratio: log.bytes / whole.bytes, target: "info", note },
      { id: "B3", metric: `conversation restart load, ${mb} MB log`, aiflare: loadMs, unit: "ms", target: "info", note: `replays ${options.steps + 1} records: the whole state once, then the additions` },
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
