import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SessionEvent } from "@aiflare/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { MAX_MERGED_CHARS } from "../src/store/delta-coalescer.js";
import { JsonlPersistence } from "../src/store/jsonl-persistence.js";
import type { LogRecord, SessionRecords, StoredLog, TimelinePersistence } from "../src/store/log-record.js";
import { MemoryPersistence } from "../src/store/memory-persistence.js";
import { SessionStore } from "../src/store/session-store.js";

const newSession = { workerId: "w1", workdir: "/tmp/x", model: "m", title: "t", approvalPolicy: "full-auto" as const };

/** One event-loop turn (the store's group commit runs in the check phase, before this resolves). */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Records every write; while `hold` is set, writes wait until `release()`. */
class RecordingPersistence implements TimelinePersistence {
  readonly appends: { sessionId: string; records: readonly LogRecord[] }[] = [];
  readonly groups: (readonly SessionRecords[])[] = [];
  hold = false;
  private waiting: (() => void)[] = [];
  constructor(private readonly inner: TimelinePersistence = new MemoryPersistence()) {}
  get pending(): number {
    return this.waiting.length;
  }
  release(): void {
    for (const go of this.waiting.splice(0)) go();
  }
  private async gate(): Promise<void> {
    if (this.hold) await new Promise<void>((resolve) => this.waiting.push(resolve));
  }
  loadAll(): Promise<StoredLog[]> {
    return this.inner.loadAll();
  }
  async append(sessionId: string, records: readonly LogRecord[]): Promise<void> {
    this.appends.push({ sessionId, records });
    await this.gate();
    await this.inner.append(sessionId, records);
  }
  rewrite(sessionId: string, records: readonly LogRecord[]): Promise<void> {
    return this.inner.rewrite(sessionId, records);
  }
  delete(sessionId: string): Promise<void> {
    return this.inner.delete(sessionId);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

/** The same, with group commit. */
class GroupRecordingPersistence extends RecordingPersistence {
  async appendMany(batches: readonly SessionRecords[]): Promise<PromiseSettledResult<void>[]> {
    this.groups.push(batches);
    return Promise.allSettled(batches.map((batch) => super.append(batch.sessionId, batch.records)));
  }
}

describe("adaptive flush", () => {
  const stores: SessionStore[] = [];
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
  });

  async function open(persistence: TimelinePersistence) {
    const store = new SessionStore({ persistence });
    await store.load();
    stores.push(store);
    const published: SessionEvent[] = [];
    store.subscribe({ onEvents: (_id, events) => published.push(...events) });
    return { store, published };
  }

  it("writes and publishes a delta on a quiet stream in the next event-loop turn, with no tick", async () => {
    const persistence = new RecordingPersistence();
    const { store, published } = await open(persistence);
    const { id } = await store.create(newSession);
    store.stream(id, { type: "message_delta", messageId: "a1", delta: "Hal" });
    store.stream(id, { type: "message_delta", messageId: "a1", delta: "lo" });
    expect(published).toEqual([]);
    await turn();
    expect(published.map((e) => [e.seq, e.type === "message_delta" && e.delta])).toEqual([[1, "Hallo"]]);
    expect(persistence.appends.at(-1)?.records).toHaveLength(1);
  });

  it("coalesces what arrives while a write is in flight into the next write, and publishes only after each write", async () => {
    const persistence = new RecordingPersistence();
    const { store, published } = await open(persistence);
    const { id } = await store.create(newSession);
    persistence.hold = true;
    store.stream(id, { type: "message_delta", messageId: "a1", delta: "first " });
    await turn();
    expect(persistence.pending).toBe(1); // the first write is in flight
    for (let i = 0; i < 100; i++) store.stream(id, { type: "message_delta", messageId: "a1", delta: `w${i} ` });
    await turn();
    await turn();
    expect(persistence.pending).toBe(1); // nothing else was cut while the write is in flight
    expect(published).toEqual([]);
    persistence.hold = false;
    persistence.release();
    await store.flush();
    expect(published.map((e) => e.seq)).toEqual([1, 2]);
    expect(published[1]).toMatchObject({ type: "message_delta", delta: Array.from({ length: 100 }, (_, i) => `w${i} `).join("") });
    expect(persistence.appends.slice(-2).map((a) => a.records.length)).toEqual([1, 1]);
  });

  it("caps a merged delta at MAX_MERGED_CHARS", async () => {
    const persistence = new RecordingPersistence();
    const { store, published } = await open(persistence);
    const { id } = await store.create(newSession);
    const piece = "x".repeat(1000);
    for (let i = 0; i < 150; i++) store.stream(id, { type: "tool_output", callId: "c1", stream: "stdout", chunk: piece });
    await store.flush();
    const sizes = published.map((e) => (e.type === "tool_output" ? e.chunk.length : 0));
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(150_000);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(MAX_MERGED_CHARS);
    expect(sizes.length).toBe(3);
  });

  it("keeps the deprecated fixed tick working when asked for (coalesceMs > 0)", async () => {
    const store = new SessionStore({ persistence: new MemoryPersistence(), coalesceMs: 10_000 });
    await store.load();
    stores.push(store);
    const published: SessionEvent[] = [];
    store.subscribe({ onEvents: (_id, events) => published.push(...events) });
    const { id } = await store.create(newSession);
    store.stream(id, { type: "message_delta", messageId: "a1", delta: "held" });
    await turn();
    await turn();
    expect(published).toEqual([]); // still gathering: the tick has not passed
    await store.flush();
    expect(published.map((e) => e.type)).toEqual(["message_delta"]);
  });
});

describe("group commit", () => {
  const stores: SessionStore[] = [];
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
  });

  it("writes every ready session of a turn in one appendMany and publishes each only after it", async () => {
    const persistence = new GroupRecordingPersistence();
    const store = new SessionStore({ persistence });
    await store.load();
    stores.push(store);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await store.create(newSession)).id);
    const published = new Map<string, number[]>();
    store.subscribe({ onEvents: (id, events) => published.set(id, [...(published.get(id) ?? []), ...events.map((e) => e.seq)]) });
    const groupsBefore = persistence.groups.length;
    persistence.hold = true;
    for (const id of ids) {
      store.stream(id, { type: "message_delta", messageId: "a", delta: "tok" });
      store.append(id, { type: "notice", level: "info", text: "n" });
    }
    await turn();
    expect(persistence.groups.length - groupsBefore).toBe(1);
    expect(persistence.groups.at(-1)?.map((b) => [b.sessionId, b.records.length])).toEqual(ids.map((id) => [id, 2]));
    expect(published.size).toBe(0);
    persistence.hold = false;
    persistence.release();
    await store.flush();
    for (const id of ids) expect(published.get(id)).toEqual([1, 2]);
  });

  it("falls back to one append per session, all at once, for a persistence without appendMany", async () => {
    const persistence = new RecordingPersistence();
    const store = new SessionStore({ persistence });
    await store.load();
    stores.push(store);
    const a = await store.create(newSession);
    const b = await store.create(newSession);
    persistence.hold = true;
    store.stream(a.id, { type: "message_delta", messageId: "a", delta: "x" });
    store.stream(b.id, { type: "message_delta", messageId: "b", delta: "y" });
    await turn();
    expect(persistence.pending).toBe(2); // both writes issued together
    persistence.hold = false;
    persistence.release();
    await store.flush();
    expect(store.eventsAfter(a.id).events).toHaveLength(1);
    expect(store.eventsAfter(b.id).events).toHaveLength(1);
  });

  it("JsonlPersistence.appendMany writes each session's batch and reports a failing entry alone", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "aiflare-group-"));
    try {
      const persistence = new JsonlPersistence({ dataDir });
      await persistence.loadAll();
      const record = (text: string): LogRecord => ({ t: "event", v: { type: "notice", level: "info", text, id: "x-1", sessionId: "x", seq: 1, createdAt: new Date(0).toISOString() } });
      const outcomes = await persistence.appendMany([
        { sessionId: "s1", records: [record("one")] },
        { sessionId: "../escape", records: [record("bad")] },
        { sessionId: "s2", records: [record("two"), record("three")] },
      ]);
      expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
      await persistence.close();
      const lines = async (id: string) => (await readFile(join(dataDir, "sessions", `${id}.jsonl`), "utf8")).trim().split("\n").map((l) => JSON.parse(l).v.text);
      expect(await lines("s1")).toEqual(["one"]);
      expect(await lines("s2")).toEqual(["two", "three"]);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
