import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SessionEvent, SessionSummary } from "@aiflare/protocol";
import { io as connect, type Socket } from "socket.io-client";
import { BENCH_TOKEN, api, benchSessions, startHubProcess } from "./processes.js";
import { nowMs, sleep, until, type Row } from "./stats.js";
import { TokenModelServer } from "./token-model-server.js";

/** A browser that rejoins from its last seq whenever it reconnects, and keeps every seq it got. */
class Browser {
  readonly seqs: number[] = [];
  readonly socket: Socket;
  /** Completed joins (the first one and every rejoin). */
  joins = 0;
  private early: SessionEvent[] | undefined;
  constructor(url: string, readonly sessionId: string) {
    this.socket = connect(`${url}/browser`, { auth: { token: BENCH_TOKEN }, transports: ["websocket"], forceNew: true, reconnectionDelay: 50, reconnectionDelayMax: 500 });
    this.socket.on("session:events", ({ events }: { events: SessionEvent[] }) => {
      if (this.early) this.early.push(...events);
      else for (const e of events) this.seqs.push(e.seq);
    });
    this.socket.on("connect", () => void this.join());
  }
  get last(): number {
    return this.seqs.at(-1) ?? 0;
  }
  private async join(): Promise<void> {
    this.early = [];
    const ack = (await this.socket.timeout(15_000).emitWithAck("session:join", { sessionId: this.sessionId, afterSeq: this.last }).catch(() => undefined)) as { ok: boolean; events: SessionEvent[] } | undefined;
    const early = this.early;
    this.early = undefined;
    if (!ack?.ok) return;
    for (const e of ack.events) this.seqs.push(e.seq);
    for (const e of early) if (e.seq > this.last) this.seqs.push(e.seq);
    this.joins++;
  }
}

/** B5: all browser sockets dropped at once mid-stream and rejoined with their last seq. */
export async function benchReconnect(options: { browsers: number; sessions: number }): Promise<Row[]> {
  const dir = await mkdtemp(join(tmpdir(), "aiflare-bench-b5-"));
  const model = await TokenModelServer.start({ tokens: 1500, intervalMs: 2 });
  const hub = await startHubProcess(join(dir, "data"), model.baseURL);
  const sockets: Socket[] = [];
  try {
    const { worker, sessions } = await benchSessions(hub.url, options.sessions);
    sockets.push(worker);
    const browsers = Array.from({ length: options.browsers }, (_, i) => new Browser(hub.url, sessions[i % sessions.length]!.id));
    sockets.push(...browsers.map((b) => b.socket));
    await until(() => browsers.every((b) => b.socket.connected), 20_000, "browsers connected");
    await Promise.all(sessions.map((s) => api(hub.url, "POST", `/api/sessions/${s.id}/messages`, { text: "stream" })));
    await until(() => browsers.every((b) => b.last > 20), 20_000, "streams under way");
    await sleep(300);

    // Everyone drops at once; each must get back everything the hub had when they dropped.
    const targets = new Map(sessions.map((s) => [s.id, Math.max(...browsers.filter((b) => b.sessionId === s.id).map((b) => b.last))]));
    const joinsBefore = new Map(browsers.map((b) => [b, b.joins]));
    const dropped = nowMs();
    for (const browser of browsers) browser.socket.io.engine.close();
    // Caught up: reconnected, rejoined, and holding everything the hub had at the drop.
    await until(() => browsers.every((b) => b.joins > joinsBefore.get(b)! && b.last >= targets.get(b.sessionId)!), 60_000, "all browsers caught up");
    const caughtUpMs = nowMs() - dropped;

    // Let the streams finish, then count what each browser got against the hub's history.
    await until(() => browsers.every((b) => b.socket.connected), 20_000, "reconnected");
    const finals = new Map<string, number>();
    for (const s of sessions) {
      let lastSeq = 0;
      for (;;) {
        const summary = (await api<{ session: SessionSummary }>(hub.url, "GET", `/api/sessions/${s.id}`)).session;
        if (summary.status === "waiting" || summary.status === "error") {
          lastSeq = summary.lastSeq;
          break;
        }
        await sleep(100);
      }
      finals.set(s.id, lastSeq);
    }
    await until(() => browsers.every((b) => b.last >= finals.get(b.sessionId)!), 30_000, "final events delivered");
    let lost = 0;
    let duplicated = 0;
    for (const browser of browsers) {
      const seen = new Set<number>();
      for (const seq of browser.seqs) {
        if (seen.has(seq)) duplicated++;
        seen.add(seq);
      }
      for (let seq = 1; seq <= finals.get(browser.sessionId)!; seq++) if (!seen.has(seq)) lost++;
    }
    return [
      { id: "B5", metric: `reconnect storm: ${options.browsers} sockets dropped at once, time until all caught up`, aiflare: caughtUpMs, unit: "ms", target: "info", note: `${options.sessions} sessions streaming` },
      { id: "B5", metric: "events lost", aiflare: lost, unit: "events", target: "0", met: lost === 0 },
      { id: "B5", metric: "events duplicated", aiflare: duplicated, unit: "events", target: "0", met: duplicated === 0 },
    ];
  } finally {
    for (const socket of sockets) socket.disconnect();
    await hub.stop();
    await model.close();
    await rm(dir, { recursive: true, force: true });
  }
}
