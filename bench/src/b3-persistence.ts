import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { JsonlPersistence, SessionStore } from "@aiflare/hub";
import type { Row } from "./stats.js";

const session = { workerId: "w", workdir: "/tmp", model: "m", title: "", approvalPolicy: "full-auto" as const };
const body = (i: number) => ({ type: "notice" as const, level: "info" as const, text: `event ${i} ${"x".repeat(80)}` });

/** Mean microseconds per append, each append written (flushed) before the next. */
async function appendCost(store: SessionStore, id: string, count: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    store.append(id, body(i));
    await store.flush(id);
  }
  return ((performance.now() - started) * 1000) / count;
}

/** B3: append cost at 100 and at 100,000 events, and how long a restart takes to load 100,000. */
export async function benchPersistence(options: { events: number; samples: number }): Promise<Row[]> {
  const dir = await mkdtemp(join(tmpdir(), "aiflare-bench-b3-"));
  try {
    const store = new SessionStore({ persistence: new JsonlPersistence({ dataDir: dir }), maxEvents: options.events * 2, coalesceMs: 0 });
    await store.load();
    const small = await store.create(session);
    for (let i = 0; i < 100; i++) store.append(small.id, body(i));
    await store.flush();
    await appendCost(store, small.id, 200); // warm up
    const atSmall = await appendCost(store, small.id, options.samples);

    const big = await store.create(session);
    for (let i = 0; i < options.events; i++) {
      store.append(big.id, body(i));
      if (i % 1000 === 999) await store.flush(big.id);
    }
    await store.flush();
    const atBig = await appendCost(store, big.id, options.samples);
    await store.close();

    const started = performance.now();
    const reloaded = new SessionStore({ persistence: new JsonlPersistence({ dataDir: dir }), maxEvents: options.events * 2 });
    await reloaded.load();
    const loadMs = performance.now() - started;
    const loadedEvents = reloaded.eventsAfter(big.id).events.length;
    await reloaded.close();
    return [
      { id: "B3", metric: "append cost at 100 events", aiflare: atSmall, unit: "µs", target: "", note: "append + write, one at a time" },
      { id: "B3", metric: `append cost at ${options.events.toLocaleString("en")} events`, aiflare: atBig, baseline: atSmall, unit: "µs", ratio: atBig / atSmall, target: "<= 1.5x", met: atBig / atSmall <= 1.5, note: "baseline: the same store at 100 events" },
      { id: "B3", metric: `restart load, ${loadedEvents.toLocaleString("en")}-event session`, aiflare: loadMs, unit: "ms", target: "info", note: "read + validate every record" },
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
