import type { JoinAck, SessionEvent, SessionSummary, WorkerSummary } from "@aiflare/protocol";
import { PROTOCOL_VERSION } from "@aiflare/protocol";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { io as connect } from "socket.io-client";
import { afterEach, describe, expect, it } from "vitest";
import { BROWSER_TOKEN, WORKER_TOKEN, sleep, startTestHub, waitFor, type BrowserClient, type TestHub } from "./helpers.js";

/** Emits a raw event with an ack, bypassing the typed map (for bad payloads). */
function raw(socket: BrowserClient, event: string, ...args: unknown[]): Promise<any> {
  return (socket as unknown as { timeout(ms: number): { emitWithAck(event: string, ...args: unknown[]): Promise<unknown> } })
    .timeout(2000)
    .emitWithAck(event, ...args);
}

function refusal(url: string, auth: unknown): Promise<{ message: string; code?: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(url, { auth: auth as object, transports: ["websocket"], forceNew: true, reconnection: false });
    socket.once("connect", () => {
      socket.disconnect();
      reject(new Error("connected but should have been refused"));
    });
    socket.once("connect_error", (error: Error & { data?: { code?: string } }) => {
      socket.disconnect();
      resolve({ message: error.message, ...(error.data?.code ? { code: error.data.code } : {}) });
    });
  });
}

/**
 * A browser that joins, collects ack + live events, may drop and rejoin from its last seq,
 * and reports every seq it saw (with duplicates, if any).
 */
class Follower {
  seen: SessionEvent[] = [];
  private socket: BrowserClient | undefined;
  constructor(private readonly t: TestHub, private readonly sessionId: string) {}

  get lastSeq(): number {
    return this.seen.at(-1)?.seq ?? 0;
  }

  async join(afterSeq?: number): Promise<BrowserClient> {
    this.socket?.disconnect(); // a rejoin is a new connection; the old one is gone
    const socket = await this.t.browser();
    this.socket = socket;
    // Live batches may reach us before the ack's continuation runs; hold them until then.
    let early: SessionEvent[] | undefined = [];
    socket.on("session:events", ({ sessionId, events }) => {
      if (sessionId !== this.sessionId) return;
      if (early) early.push(...events);
      else this.seen.push(...events);
    });
    const ack: JoinAck = await socket.timeout(5000).emitWithAck("session:join", { sessionId: this.sessionId, ...(afterSeq !== undefined ? { afterSeq } : {}) });
    if (!ack.ok) throw new Error(ack.error.message);
    this.seen.push(...ack.events, ...early);
    early = undefined;
    return socket;
  }
}

describe("/browser namespace", () => {
  let t: TestHub;
  afterEach(async () => t?.close());

  it("refuses a missing or wrong token, a worker token and a different protocol version", async () => {
    t = await startTestHub();
    const url = `${t.hub.url}/browser`;
    expect(await refusal(url, {})).toMatchObject({ code: "unauthorized" });
    expect(await refusal(url, { token: "nope" })).toMatchObject({ code: "unauthorized" });
    expect(await refusal(url, { token: WORKER_TOKEN })).toMatchObject({ code: "unauthorized" });
    expect(await refusal(url, { token: BROWSER_TOKEN, protocolVersion: PROTOCOL_VERSION + 1 })).toMatchObject({ code: "protocol_mismatch" });
    const ok = await t.browser({ token: BROWSER_TOKEN, protocolVersion: PROTOCOL_VERSION });
    expect(ok.connected).toBe(true);
  });

  it("answers bad payloads and unknown events with error acks and keeps serving", async () => {
    t = await startTestHub();
    const session = await t.session();
    const socket = await t.browser();
    const cases: [string, unknown[]][] = [
      ["session:join", []],
      ["session:join", [null]],
      ["session:join", ["just-a-string"]],
      ["session:join", [{ sessionId: 42 }]],
      ["session:join", [{ sessionId: session.id, afterSeq: -1 }]],
      ["session:join", [{ sessionId: session.id, afterSeq: "7" }]],
      ["session:join", [{ sessionId: session.id, bogus: true }]],
      ["session:send", [{ sessionId: session.id, text: "" }]],
      ["session:send", [{ sessionId: session.id }]],
      ["session:cancel", [[1, 2, 3]]],
      ["approval:respond", [{ sessionId: session.id, callId: "c", decision: "perhaps" }]],
      ["session:leave", [{ sessionId: "" }]],
    ];
    for (const [event, args] of cases) {
      const ack = await raw(socket, event, ...args);
      expect(ack, `${event} ${JSON.stringify(args)}`).toMatchObject({ ok: false, error: { code: "invalid_request", message: expect.any(String) } });
    }
    expect(await raw(socket, "session:join", { sessionId: "missing" })).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(await raw(socket, "session:send", { sessionId: "missing", text: "x" })).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(await raw(socket, "approval:respond", { sessionId: session.id, callId: "c", decision: "deny" })).toMatchObject({
      ok: false,
      error: { code: "not_found" },
    });
    expect(await raw(socket, "no:such:event", { a: 1 })).toMatchObject({ ok: false, error: { code: "unknown_event" } });
    // Without an ack, a bad payload is simply dropped.
    (socket as unknown as { emit(e: string, ...a: unknown[]): void }).emit("session:join", { nonsense: true });
    (socket as unknown as { emit(e: string, ...a: unknown[]): void }).emit("whatever");
    const good = await socket.timeout(2000).emitWithAck("session:join", { sessionId: session.id });
    expect(good).toMatchObject({ ok: true, lastSeq: 0, events: [] });
    expect((await t.api("GET", "/api/health")).status).toBe(200);
  });

  it("survives a barrage of random payloads", async () => {
    t = await startTestHub();
    const session = await t.session();
    const socket = await t.browser();
    const events = ["session:join", "session:leave", "session:send", "session:cancel", "approval:respond", "nope"];
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const values = (): unknown => {
      const pick = Math.floor(rand() * 9);
      switch (pick) {
        case 0: return null;
        case 1: return Math.floor(rand() * 1e9) - 5e8;
        case 2: return "x".repeat(Math.floor(rand() * 300));
        case 3: return [values(), values()];
        case 4: return { sessionId: rand() < 0.5 ? session.id : values(), afterSeq: values() };
        case 5: return { sessionId: session.id, callId: values(), decision: values() };
        case 6: return { __proto__: { polluted: true }, constructor: { prototype: 1 } };
        case 7: return rand() < 0.5;
        default: return { sessionId: values(), text: values() };
      }
    };
    const acks = await Promise.all(
      Array.from({ length: 300 }, () => raw(socket, events[Math.floor(rand() * events.length)] ?? "nope", values())),
    );
    expect(acks.every((ack) => typeof ack === "object" && ack !== null && typeof ack.ok === "boolean")).toBe(true);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
    expect(socket.connected).toBe(true);
    expect((await t.api("GET", "/api/health")).status).toBe(200);
  });

  it("replays after afterSeq and streams live with no gap and no duplicate while events keep coming", async () => {
    t = await startTestHub({ coalesceMs: 2 });
    const { id } = await t.session();
    const { store } = t.hub;
    let producing = true;
    let produced = 0;
    const producer = (async () => {
      while (producing) {
        for (let i = 0; i < 5; i++) {
          produced += 1;
          if (produced % 3 === 0) store.append(id, { type: "notice", level: "info", text: `n${produced}` });
          else store.stream(id, { type: "message_delta", messageId: `m${Math.floor(produced / 50)}`, delta: `d${produced} ` });
        }
        await sleep(1);
      }
    })();

    const followers: Follower[] = [];
    for (let i = 0; i < 8; i++) {
      await sleep(15);
      const follower = new Follower(t, id);
      const lastSeq = store.get(id)?.lastSeq ?? 0;
      // Join from the start, from a recent point, or from "now".
      await follower.join(i % 3 === 0 ? undefined : i % 3 === 1 ? Math.max(0, lastSeq - 5) : lastSeq);
      followers.push(follower);
    }
    // Two followers drop mid-stream and come back with their last seq.
    for (const follower of followers.slice(0, 2)) {
      const before = follower.seen.length;
      const socket = await follower.join(follower.lastSeq);
      expect(socket.connected).toBe(true);
      expect(follower.seen.length).toBeGreaterThanOrEqual(before);
    }
    await sleep(50);
    producing = false;
    await producer;
    await store.flush();
    const finalSeq = store.get(id)?.lastSeq ?? 0;
    expect(finalSeq).toBeGreaterThan(50);
    const all = store.eventsAfter(id).events;
    for (const follower of followers) {
      await waitFor(() => follower.lastSeq >= finalSeq, 5000, "follower to catch up");
    }
    for (const [index, follower] of followers.entries()) {
      const seqs = follower.seen.map((e) => e.seq);
      const first = seqs[0] ?? 1;
      expect(seqs, `follower ${index}`).toEqual(Array.from({ length: finalSeq - first + 1 }, (_, k) => first + k));
      if (index % 3 === 0) expect(first).toBe(1);
      expect(follower.seen).toEqual(all.slice(first - 1));
    }
  });

  it("a rejoining browser gets exactly what it missed", async () => {
    t = await startTestHub({ coalesceMs: 0 });
    const { id } = await t.session();
    const follower = new Follower(t, id);
    const socket = await follower.join();
    for (let i = 0; i < 10; i++) t.hub.store.append(id, { type: "notice", level: "info", text: `a${i}` });
    await waitFor(() => follower.lastSeq === 10, 5000, "first batch");
    socket.disconnect();
    for (let i = 0; i < 10; i++) t.hub.store.append(id, { type: "notice", level: "info", text: `b${i}` });
    await t.hub.store.flush();
    await follower.join(follower.lastSeq);
    expect(follower.seen.map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_, k) => k + 1));
  });

  it("a browser far behind gets exactly what it missed: events compacted off the log are read back (over REST too, and after a restart)", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "aiflare-behind-"));
    const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => from + k);
    try {
      t = await startTestHub({ coalesceMs: 0, maxEvents: 8, dataDir });
      const { id } = await t.session();
      const follower = new Follower(t, id);
      const socket = await follower.join();
      for (let i = 0; i < 5; i++) t.hub.store.append(id, { type: "notice", level: "info", text: `a${i}` });
      await waitFor(() => follower.lastSeq === 5, 5000, "first batch");
      socket.disconnect();
      for (let i = 0; i < 60; i++) {
        t.hub.store.append(id, { type: "notice", level: "info", text: `b${i}` });
        if (i % 10 === 9) await t.hub.store.flush(); // compactions along the way
      }
      await t.hub.store.flush();
      expect(t.hub.store.eventsAfter(id).events[0]?.seq).toBe(58); // the hub's window: the last 8
      await follower.join(follower.lastSeq);
      expect(follower.seen.map((e) => e.seq)).toEqual(range(1, 65));
      const history = await t.api("GET", `/api/sessions/${id}/history?afterSeq=2`);
      expect((history.body.events as SessionEvent[]).map((e) => e.seq)).toEqual(range(3, 65));
      await t.close();

      t = await startTestHub({ coalesceMs: 0, maxEvents: 8, dataDir });
      const late = new Follower(t, id);
      await late.join(1);
      expect(late.seen.map((e) => e.seq)).toEqual(range(2, 65));
      expect(late.seen[0]).toMatchObject({ type: "notice", text: "a1" });
    } finally {
      await t.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it("pushes session:updated and workers:updated to every browser, and stops room events after leave", async () => {
    t = await startTestHub({ coalesceMs: 0 });
    const socket = await t.browser();
    const workerUpdates: WorkerSummary[][] = [];
    const sessionUpdates: SessionSummary[] = [];
    socket.on("workers:updated", ({ workers }) => workerUpdates.push(workers));
    socket.on("session:updated", ({ session }) => sessionUpdates.push(session));
    const { socket: worker, workerId } = await t.worker({ name: "laptop" });
    await waitFor(() => workerUpdates.some((w) => w.some((x) => x.id === workerId && x.status === "online")), 5000, "online");
    const created = await t.api("POST", "/api/sessions", { workerId, workdir: "/tmp" });
    const id = created.body.session.id as string;
    await waitFor(() => sessionUpdates.some((s) => s.id === id), 5000, "created session pushed");
    t.hub.store.update(id, { status: "running" });
    await waitFor(() => sessionUpdates.some((s) => s.id === id && s.status === "running"), 5000, "status pushed");
    worker.disconnect();
    await waitFor(() => workerUpdates.some((w) => w.some((x) => x.id === workerId && x.status === "offline")), 5000, "offline");

    const live: number[] = [];
    socket.on("session:events", ({ events }) => live.push(...events.map((e) => e.seq)));
    await socket.timeout(2000).emitWithAck("session:join", { sessionId: id });
    t.hub.store.append(id, { type: "notice", level: "info", text: "in room" });
    await waitFor(() => live.length === 1, 5000, "room event");
    expect(await socket.timeout(2000).emitWithAck("session:leave", { sessionId: id })).toEqual({ ok: true });
    t.hub.store.append(id, { type: "notice", level: "info", text: "after leave" });
    await t.hub.store.flush();
    await sleep(50);
    expect(live).toEqual([1]);
  });
});

describe("/worker namespace", () => {
  let t: TestHub;
  afterEach(async () => t?.close());

  it("refuses the browser token, bad handshakes and other protocol versions", async () => {
    t = await startTestHub();
    const url = `${t.hub.url}/worker`;
    const hello = { name: "w", roots: ["/tmp"], version: PROTOCOL_VERSION };
    expect(await refusal(url, { ...hello, token: BROWSER_TOKEN })).toMatchObject({ code: "unauthorized" });
    expect(await refusal(url, hello)).toMatchObject({ code: "unauthorized" });
    expect(await refusal(url, { ...hello, token: WORKER_TOKEN, roots: [] })).toMatchObject({ code: "invalid_request" });
    expect(await refusal(url, { ...hello, token: WORKER_TOKEN, name: 3 })).toMatchObject({ code: "invalid_request" });
    expect(await refusal(url, { ...hello, token: WORKER_TOKEN, version: PROTOCOL_VERSION + 1 })).toMatchObject({ code: "protocol_mismatch" });
    expect(await refusal(url, { ...hello, token: WORKER_TOKEN, version: String(PROTOCOL_VERSION + 1) })).toMatchObject({ code: "protocol_mismatch" });
    expect(await refusal(url, { ...hello, token: WORKER_TOKEN, version: { major: 1 } })).toMatchObject({ code: "invalid_request" });
    expect(t.hub.workers.list()).toEqual([]);
  });

  it("admits a version given as a string: the protocol's digits, or a release that names no protocol", async () => {
    t = await startTestHub();
    for (const [name, version] of [["digits", String(PROTOCOL_VERSION)], ["release", "0.1.0"]] as const) {
      const socket = connect(`${t.hub.url}/worker`, { auth: { token: WORKER_TOKEN, name, roots: ["/tmp"], version }, transports: ["websocket"], forceNew: true, reconnection: false });
      const welcome = await new Promise<{ workerId: string }>((resolve, reject) => {
        socket.once("worker:welcome", resolve);
        socket.once("connect_error", reject);
      });
      expect(t.hub.workers.get(welcome.workerId)).toMatchObject({ name, status: "online" });
      socket.disconnect();
    }
  });

  it("keeps a worker's id across reconnects; the newer connection wins", async () => {
    t = await startTestHub();
    const first = await t.worker({ name: "box" });
    const again = await t.worker({ name: "box", workerId: first.workerId });
    expect(again.workerId).toBe(first.workerId);
    await waitFor(() => first.socket.disconnected, 5000, "old connection dropped");
    expect(t.hub.workers.get(first.workerId)?.status).toBe("online");
    expect(t.hub.workers.list()).toHaveLength(1);
  });
});
