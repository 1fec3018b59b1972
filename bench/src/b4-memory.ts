import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SessionSummary } from "@aiflare/protocol";
import { io as connect, type Socket } from "socket.io-client";
import { BENCH_TOKEN, api, benchSessions, startHubProcess } from "./processes.js";
import { sleep, type Row } from "./stats.js";
import { TokenModelServer } from "./token-model-server.js";

/** B4: the hub process's RSS per idle session and per connected browser (each joined to a session). */
export async function benchMemory(options: { sessions: number; browsers: number }): Promise<Row[]> {
  const dir = await mkdtemp(join(tmpdir(), "aiflare-bench-b4-"));
  const model = await TokenModelServer.start({ tokens: 1, intervalMs: 1 });
  const hub = await startHubProcess(join(dir, "data"), model.baseURL);
  const sockets: Socket[] = [];
  try {
    // 50 sessions first, to warm up the code paths so their one-time cost is not counted per session.
    const { worker, workerId } = await benchSessions(hub.url, 50);
    sockets.push(worker);
    await sleep(500);
    const before = hub.rssKb();
    const ids: string[] = [];
    for (let i = 0; i < options.sessions; i += 50) {
      const batch = await Promise.all(Array.from({ length: Math.min(50, options.sessions - i) }, () => api<{ session: SessionSummary }>(hub.url, "POST", "/api/sessions", { workerId, workdir: "/tmp" })));
      ids.push(...batch.map((b) => b.session.id));
    }
    await sleep(1000);
    const afterSessions = hub.rssKb();
    for (let b = 0; b < options.browsers; b++) {
      const socket = connect(`${hub.url}/browser`, { auth: { token: BENCH_TOKEN }, transports: ["websocket"], forceNew: true });
      sockets.push(socket);
      await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
      await socket.timeout(10_000).emitWithAck("session:join", { sessionId: ids[b % ids.length] });
    }
    await sleep(1000);
    const afterBrowsers = hub.rssKb();
    const perSession = (afterSessions - before) / options.sessions;
    const perBrowser = (afterBrowsers - afterSessions) / options.browsers;
    return [
      { id: "B4", metric: "hub RSS per idle session", aiflare: perSession, unit: "KB", target: "<= 50 KB", met: perSession <= 50, note: `${options.sessions} sessions created over REST (persisted)` },
      { id: "B4", metric: "hub RSS per connected browser", aiflare: perBrowser, unit: "KB", target: "info", note: `${options.browsers} sockets, each joined to a session` },
    ];
  } finally {
    for (const socket of sockets) socket.disconnect();
    await hub.stop();
    await model.close();
    await rm(dir, { recursive: true, force: true });
  }
}
