import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROTOCOL_VERSION } from "@aiflare/protocol";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BROWSER_TOKEN, WORKER_TOKEN } from "../test/helpers.js";
import { spawnHub, type HubProcess } from "../test/hub-process.js";

const SOCKET_PAYLOADS = 5000;
const REST_BODIES = 5000;

/** A deterministic pseudo-random source, so a failure can be replayed. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
}

function rssKb(pid: number): number {
  const match = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return Number(match?.[1] ?? 0);
}

describe("fuzzed socket payloads and REST bodies", () => {
  let hub: HubProcess;
  let dataDir: string;
  let sessionId: string;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "aiflare-fuzz-"));
    hub = await spawnHub(["--data-dir", dataDir], { AIFLARE_TOKEN: BROWSER_TOKEN, AIFLARE_WORKER_TOKEN: WORKER_TOKEN, AIFLARE_LOG_LEVEL: "fatal" });
    const worker = connect(`${hub.url}/worker`, { auth: { token: WORKER_TOKEN, name: "w", roots: ["/tmp"], version: PROTOCOL_VERSION }, transports: ["websocket"], forceNew: true, reconnection: false });
    sockets.push(worker);
    const workerId = await new Promise<string>((resolve) => worker.once("worker:welcome", ({ workerId: id }: { workerId: string }) => resolve(id)));
    const created = await fetch(`${hub.url}/api/sessions`, {
      method: "POST",
      headers: { authorization: `Bearer ${BROWSER_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ workerId, workdir: "/tmp" }),
    });
    sessionId = ((await created.json()) as { session: { id: string } }).session.id;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    hub.child.kill("SIGKILL");
    await hub.exited;
    await rm(dataDir, { recursive: true, force: true });
  });

  it(`answers ${SOCKET_PAYLOADS} socket payloads and ${REST_BODIES} REST bodies, stays up, and its memory stays bounded`, async () => {
    const random = rng(20261124);
    const pick = <T,>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const value = (depth = 0): unknown => {
      switch (Math.floor(random() * (depth > 3 ? 6 : 11))) {
        case 0: return null;
        case 1: return Math.floor(random() * 2 ** 40) - 2 ** 39;
        case 2: return random() < 0.5;
        case 3: return "x".repeat(Math.floor(random() * 2000));
        case 4: return pick(["", "💥", "\u0000", "../../etc/passwd", "<script>", sessionId, "session:join", "approve"]);
        case 5: return random() * 1e308;
        case 6: return Array.from({ length: Math.floor(random() * 5) }, () => value(depth + 1));
        case 7: return { sessionId: pick([sessionId, "nope", value(depth + 1)]), afterSeq: value(depth + 1), text: value(depth + 1) };
        case 8: return { sessionId, callId: value(depth + 1), decision: pick(["approve", "deny", "maybe", 1]) };
        case 9: return JSON.parse('{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 2}}}') as unknown;
        default: return Object.fromEntries(Array.from({ length: Math.floor(random() * 4) }, (_, i) => [pick(["workerId", "workdir", "text", "context", "decision", `k${i}`]), value(depth + 1)]));
      }
    };

    const browser = connect(`${hub.url}/browser`, { auth: { token: BROWSER_TOKEN }, transports: ["websocket"], forceNew: true, reconnection: false });
    sockets.push(browser);
    await new Promise<void>((resolve) => browser.once("connect", () => resolve()));
    const before = rssKb(hub.child.pid!);

    const events = ["session:join", "session:leave", "session:send", "session:cancel", "approval:respond", "no:such", "__proto__", "constructor"];
    let answered = 0;
    for (let i = 0; i < SOCKET_PAYLOADS; i += 100) {
      const batch = Array.from({ length: 100 }, async () => {
        const emitter = browser.timeout(10_000) as unknown as { emitWithAck(event: string, payload: unknown): Promise<{ ok?: unknown } | undefined> };
        const ack = await emitter.emitWithAck(pick(events), value());
        if (typeof ack?.ok === "boolean") answered++;
      });
      await Promise.all(batch);
    }
    expect(answered).toBe(SOCKET_PAYLOADS);

    const routes: [string, string][] = [
      ["POST", "/api/sessions"],
      ["POST", `/api/sessions/${sessionId}/messages`],
      ["POST", `/api/sessions/${sessionId}/approvals/c1`],
      ["POST", `/api/sessions/${sessionId}/cancel`],
      ["PUT", "/api/active-session"],
      ["GET", `/api/sessions/${sessionId}/history?afterSeq=${encodeURIComponent(String(value()))}`],
      ["POST", "/api/sessions/nope/messages"],
    ];
    const statuses = new Map<number, number>();
    for (let i = 0; i < REST_BODIES; i += 50) {
      await Promise.all(
        Array.from({ length: 50 }, async () => {
          const [method, path] = pick(routes);
          const raw = random() < 0.15 ? pick(["{", "[1,2", "nul", "\u0000", '{"a":'.repeat(500)]) : JSON.stringify(value());
          const response = await fetch(`${hub.url}${path}`, {
            method,
            headers: { authorization: `Bearer ${BROWSER_TOKEN}`, "content-type": pick(["application/json", "application/json", "text/plain", "application/x-www-form-urlencoded"]) },
            ...(method === "GET" ? {} : { body: raw }),
          });
          const body = (await response.json()) as { error?: { code?: string } };
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          if (response.status >= 400) expect(typeof body.error?.code).toBe("string");
          expect(response.status).toBeLessThan(500);
        }),
      );
    }
    expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(REST_BODIES);

    // Still serving, still consistent, and memory did not run away.
    expect((await fetch(`${hub.url}/api/health`)).status).toBe(200);
    const history = await fetch(`${hub.url}/api/sessions/${sessionId}/history`, { headers: { authorization: `Bearer ${BROWSER_TOKEN}` } });
    const events2 = ((await history.json()) as { events: { seq: number }[] }).events;
    expect(events2.map((e) => e.seq)).toEqual(Array.from({ length: events2.length }, (_, i) => i + 1));
    const after = rssKb(hub.child.pid!);
    expect(after - before, `RSS grew from ${before} KB to ${after} KB`).toBeLessThan(96 * 1024);
    expect(browser.connected).toBe(true);
    console.log(`fuzz: RSS ${Math.round(before / 1024)} MB -> ${Math.round(after / 1024)} MB; REST statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
  });
});
