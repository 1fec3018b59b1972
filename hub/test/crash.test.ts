import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROTOCOL_VERSION, type JoinAck, type SessionEvent } from "@aiflare/protocol";
import { io as connect, type Socket } from "socket.io-client";
import { afterEach, describe, expect, it } from "vitest";
import { BROWSER_TOKEN, WORKER_TOKEN, sleep, waitFor, type BrowserClient } from "./helpers.js";
import { processApi, spawnHub, type HubProcess } from "./hub-process.js";

const env = { AIFLARE_TOKEN: BROWSER_TOKEN, AIFLARE_WORKER_TOKEN: WORKER_TOKEN };

const api = processApi;

describe("the hub process", () => {
  const sockets: Socket[] = [];
  const hubs: HubProcess[] = [];
  const dirs: string[] = [];

  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.disconnect();
    for (const hub of hubs.splice(0)) {
      if (hub.child.exitCode === null && hub.child.signalCode === null) hub.child.kill("SIGKILL");
      await hub.exited;
    }
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  async function start(dataDir: string, extraEnv: Record<string, string> = env): Promise<HubProcess> {
    const hub = await spawnHub(["--data-dir", dataDir], extraEnv);
    hubs.push(hub);
    return hub;
  }

  async function workerOn(url: string): Promise<string> {
    const socket = connect(`${url}/worker`, {
      auth: { token: WORKER_TOKEN, name: "crash-worker", roots: ["/tmp"], version: PROTOCOL_VERSION, workerId: "crash-worker-id" },
      transports: ["websocket"],
      forceNew: true,
      reconnection: false,
    });
    sockets.push(socket);
    return new Promise((resolve, reject) => {
      socket.once("worker:welcome", ({ workerId }: { workerId: string }) => resolve(workerId));
      socket.once("connect_error", reject);
    });
  }

  /** A browser that records every event of a session it sees, ack and live. */
  async function watch(url: string, sessionId: string, seen: Map<number, SessionEvent>): Promise<void> {
    const socket: BrowserClient = connect(`${url}/browser`, { auth: { token: BROWSER_TOKEN }, transports: ["websocket"], forceNew: true, reconnection: false });
    sockets.push(socket);
    socket.on("session:events", ({ events }) => events.forEach((e) => seen.set(e.seq, e)));
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("connect_error", reject);
    });
    const ack: JoinAck = await socket.timeout(5000).emitWithAck("session:join", { sessionId });
    if (!ack.ok) throw new Error(ack.error.message);
    ack.events.forEach((e) => seen.set(e.seq, e));
  }

  async function expectIntact(url: string, sessionId: string, seen: Map<number, SessionEvent>): Promise<number> {
    const history = await api(url, "GET", `/api/sessions/${sessionId}/history`);
    expect(history.status).toBe(200);
    const events = history.body.events as SessionEvent[];
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: events.length }, (_, i) => i + 1));
    expect(history.body.lastSeq).toBe(events.length);
    for (const [seq, event] of seen) expect(events[seq - 1], `event ${seq} seen before the crash`).toEqual(event);
    return events.length;
  }

  it("survives kill -9 during writes: every session loads, nothing a browser saw is lost, the next turn works", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "aiflare-crash-"));
    dirs.push(dataDir);
    let hub = await start(dataDir);
    const workerId = await workerOn(hub.url);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const created = await api(hub.url, "POST", "/api/sessions", { workerId, workdir: "/tmp", title: `s${i}` });
      ids.push(created.body.session.id);
    }
    const seen = new Map(ids.map((id) => [id, new Map<number, SessionEvent>()]));

    for (let cycle = 0; cycle < 3; cycle++) {
      for (const id of ids) await watch(hub.url, id, seen.get(id)!);
      let sending = true;
      const senders = ids.map(async (id) => {
        for (let n = 0; sending; n++) {
          await api(hub.url, "POST", `/api/sessions/${id}/messages`, { text: `cycle ${cycle} prompt ${n}` }).catch(() => undefined);
        }
      });
      // Every session has started writing (on a loaded machine the first prompts can take a while).
      await waitFor(async () => {
        for (const id of ids) if ((await api(hub.url, "GET", `/api/sessions/${id}`)).body.session.lastSeq === 0) return false;
        return true;
      }, 20_000, "every session to have events");
      await sleep(100 + Math.floor(Math.random() * 300));
      hub.child.kill("SIGKILL");
      expect(await hub.exited).toBe("SIGKILL");
      sending = false;
      await Promise.all(senders);
      for (const socket of sockets.splice(0)) socket.disconnect();

      hub = await start(dataDir);
      const sessions = (await api(hub.url, "GET", "/api/sessions")).body.sessions as { id: string; status: string }[];
      expect(sessions.map((s) => s.id).sort()).toEqual([...ids].sort());
      for (const session of sessions) expect(["waiting", "error"]).toContain(session.status);
      for (const id of ids) expect(await expectIntact(hub.url, id, seen.get(id)!)).toBeGreaterThan(0);
      await workerOn(hub.url);
    }

    // After the last restart, a prompt still runs a turn whose events continue the seq.
    const [id] = ids as [string];
    const before = (await api(hub.url, "GET", `/api/sessions/${id}`)).body.session.lastSeq as number;
    expect((await api(hub.url, "POST", `/api/sessions/${id}/messages`, { text: "after the crashes" })).status).toBe(202);
    await waitFor(async () => {
      const history = await api(hub.url, "GET", `/api/sessions/${id}/history?afterSeq=${before}`);
      return history.body.events.some((e: SessionEvent) => e.type === "turn_completed");
    }, 10_000, "a turn after the restart");
    const transcript = (await api(hub.url, "GET", `/api/sessions/${id}/transcript`)).body.messages as { role: string; text: string }[];
    expect(transcript.at(-2)).toMatchObject({ role: "user", text: "after the crashes" });
    expect(transcript.at(-1)).toMatchObject({ role: "assistant", text: expect.stringContaining("offline demo model") });
    await expectIntact(hub.url, id, new Map());
  }, 120_000); // three hub restarts: slow when the machine is busy

  it("flushes and exits 0 on SIGTERM, and generated tokens are kept 0600, printed, and never logged", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "aiflare-term-"));
    dirs.push(dataDir);
    const hub = await start(dataDir, {});
    const browserToken = /\?token=(\S+)/.exec(hub.stdout())?.[1];
    const workerToken = /worker token: (\S+)/.exec(hub.stdout())?.[1];
    expect(browserToken).toBeTruthy();
    expect(workerToken).toBeTruthy();
    expect(((await stat(join(dataDir, "tokens.json"))).mode & 0o777).toString(8)).toBe("600");
    const health = await fetch(`${hub.url}/api/sessions`, { headers: { authorization: `Bearer ${browserToken}` } });
    expect(health.status).toBe(200);
    // A socket handshake with the token in it, and a URL with ?token=, must not reach the logs.
    await fetch(`${hub.url}/?token=${browserToken}`);
    hub.child.kill("SIGTERM");
    expect(await hub.exited).toBe(0);
    expect(hub.stderr()).toContain("hub stopped");
    expect(hub.stderr()).not.toContain(browserToken!);
    expect(hub.stderr()).not.toContain(workerToken!);

    const again = await start(dataDir, {});
    expect(again.stdout()).toContain(`?token=${browserToken}`);
  });

  it("prints help and refuses bad flags", async () => {
    const { spawnSync } = await import("node:child_process");
    const { HUB_BIN } = await import("./hub-process.js");
    const help = spawnSync(process.execPath, [HUB_BIN, "--help"], { encoding: "utf8" });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("--data-dir");
    const bad = spawnSync(process.execPath, [HUB_BIN, "--port", "nope"], { encoding: "utf8" });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("--port must be a whole number");
    const unknown = spawnSync(process.execPath, [HUB_BIN, "--frobnicate"], { encoding: "utf8" });
    expect(unknown.status).toBe(2);
  });
});
