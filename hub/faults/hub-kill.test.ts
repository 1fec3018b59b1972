import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FakeResponsesServer, responseEvents } from "@aiflare/core/testing";
import { PROTOCOL_VERSION, type JoinAck, type SessionEvent } from "@aiflare/protocol";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BROWSER_TOKEN, WORKER_TOKEN, waitFor, type BrowserClient } from "../test/helpers.js";
import { processApi, spawnHub, type HubProcess } from "../test/hub-process.js";

const KILLS = 20;
const SESSIONS = 3;

const api = processApi;

describe(`the hub killed with SIGKILL ${KILLS} times during streaming turns`, () => {
  let fake: FakeResponsesServer;
  let dataDir: string;
  const sockets: Socket[] = [];
  let hub: HubProcess | undefined;

  beforeAll(async () => {
    // Every answer streams ~40 pieces over ~200 ms: kills land mid-stream most of the time.
    fake = await FakeResponsesServer.start(() => ({
      kind: "stream",
      events: responseEvents([{ type: "message", text: "Ein Satz nach dem anderen kommt hier langsam an. ".repeat(3) }], { chunkSize: 4 }),
      delayMs: 5,
    }));
    dataDir = await mkdtemp(join(tmpdir(), "aiflare-faults-kill-"));
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    if (hub && hub.child.exitCode === null) {
      hub.child.kill("SIGKILL");
      await hub.exited;
    }
    await fake.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const start = () => spawnHub(["--data-dir", dataDir], { AIFLARE_TOKEN: BROWSER_TOKEN, AIFLARE_WORKER_TOKEN: WORKER_TOKEN, OPENAI_API_KEY: "sk-faults", OPENAI_BASE_URL: fake.baseURL, AIFLARE_LOG_LEVEL: "error" });

  async function worker(url: string): Promise<string> {
    const socket = connect(`${url}/worker`, { auth: { token: WORKER_TOKEN, name: "w", roots: ["/tmp"], version: PROTOCOL_VERSION, workerId: "faults-worker" }, transports: ["websocket"], forceNew: true, reconnection: false });
    sockets.push(socket);
    return new Promise((resolve) => socket.once("worker:welcome", ({ workerId }: { workerId: string }) => resolve(workerId)));
  }

  async function watch(url: string, sessionId: string, seen: Map<number, SessionEvent>): Promise<void> {
    const socket: BrowserClient = connect(`${url}/browser`, { auth: { token: BROWSER_TOKEN }, transports: ["websocket"], forceNew: true, reconnection: false });
    sockets.push(socket);
    socket.on("session:events", ({ events }) => events.forEach((e) => seen.set(e.seq, e)));
    await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
    const ack: JoinAck = await socket.timeout(5000).emitWithAck("session:join", { sessionId });
    if (!ack.ok) throw new Error(ack.error.message);
    ack.events.forEach((e) => seen.set(e.seq, e));
  }

  it("loads every session every time, loses nothing a browser saw or any completed turn, and keeps working", async () => {
    hub = await start();
    const workerId = await worker(hub.url);
    const ids: string[] = [];
    for (let i = 0; i < SESSIONS; i++) ids.push((await api(hub.url, "POST", "/api/sessions", { workerId, workdir: "/tmp" })).body.session.id);
    const seen = new Map(ids.map((id) => [id, new Map<number, SessionEvent>()]));
    let midTurnKills = 0;

    for (let kill = 0; kill < KILLS; kill++) {
      for (const id of ids) await watch(hub.url, id, seen.get(id)!);
      let sending = true;
      const senders = ids.map(async (id) => {
        for (let n = 0; sending; n++) await api(hub!.url, "POST", `/api/sessions/${id}/messages`, { text: `k${kill} p${n}` }).catch(() => undefined);
      });
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.floor(Math.random() * 400)));
      const busy = (await api(hub.url, "GET", "/api/sessions")).body.sessions.some((s: { status: string }) => s.status !== "waiting");
      if (busy) midTurnKills++;
      hub.child.kill("SIGKILL");
      expect(await hub.exited).toBe("SIGKILL");
      sending = false;
      await Promise.all(senders);
      for (const socket of sockets.splice(0)) socket.disconnect();

      hub = await start();
      const sessions = (await api(hub.url, "GET", "/api/sessions")).body.sessions as { id: string; status: string }[];
      expect(sessions.map((s) => s.id).sort()).toEqual([...ids].sort());
      for (const id of ids) {
        const events = (await api(hub.url, "GET", `/api/sessions/${id}/history`)).body.events as SessionEvent[];
        expect(events.map((e) => e.seq), `session ${id} after kill ${kill + 1}`).toEqual(Array.from({ length: events.length }, (_, i) => i + 1));
        for (const [seq, event] of seen.get(id)!) expect(events[seq - 1], `event ${seq} seen before kill ${kill + 1}`).toEqual(event);
        // Every turn that completed before the kill is whole: its user message and answer are there.
        const completed = events.filter((e) => e.type === "turn_completed" && e.status === "completed").length;
        const transcript = (await api(hub.url, "GET", `/api/sessions/${id}/transcript`)).body.messages as { role: string }[];
        expect(transcript.filter((m) => m.role === "assistant").length).toBeGreaterThanOrEqual(completed);
      }
      expect(sessions.every((s) => s.status === "waiting" || s.status === "error")).toBe(true);
      await worker(hub.url);
    }
    // The kills must have hit running turns (most do; how many depends on the machine's pace).
    expect(midTurnKills).toBeGreaterThan(0);

    // After the last restart a turn still runs from start to end in every session.
    for (const id of ids) {
      const before = (await api(hub.url, "GET", `/api/sessions/${id}`)).body.session.lastSeq as number;
      await api(hub.url, "POST", `/api/sessions/${id}/messages`, { text: "nach dem Chaos" });
      await waitFor(async () => {
        const events = (await api(hub!.url, "GET", `/api/sessions/${id}/history?afterSeq=${before}`)).body.events as SessionEvent[];
        return events.some((e) => e.type === "turn_completed" && e.status === "completed");
      }, 20_000, "a completed turn after the kills");
    }
  });
});
