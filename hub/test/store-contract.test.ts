import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SessionEvent } from "@aiflare/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { JsonlPersistence } from "../src/store/jsonl-persistence.js";
import type { LogRecord, TimelinePersistence } from "../src/store/log-record.js";
import { MemoryPersistence } from "../src/store/memory-persistence.js";
import { SessionStore } from "../src/store/session-store.js";
import type { SessionStoreOptions } from "../src/store/store-types.js";
import { pgBackends } from "./pg-backends.js";

const newSession = { workerId: "w1", workdir: "/tmp/x", model: "m", title: "t", approvalPolicy: "full-auto" as const };

interface Backend {
  name: string;
  make(): Promise<{ persistence: () => TimelinePersistence; cleanup: () => Promise<void> }>;
}

const backends: Backend[] = [
  {
    name: "memory",
    make: () => {
      const shared = new MemoryPersistence();
      return Promise.resolve({ persistence: () => shared, cleanup: () => Promise.resolve() });
    },
  },
  {
    name: "jsonl",
    make: async () => {
      const dataDir = await mkdtemp(join(tmpdir(), "aiflare-store-"));
      return {
        persistence: () => new JsonlPersistence({ dataDir }),
        cleanup: () => rm(dataDir, { recursive: true, force: true }),
      };
    },
  },
  ...(await pgBackends()),
];

/** Holds every append until `open()`: shows that nothing is visible before it is written. */
class GatedPersistence implements TimelinePersistence {
  private gate: Promise<void>;
  open!: () => void;
  constructor(private readonly inner: TimelinePersistence) {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }
  loadAll() { return this.inner.loadAll(); }
  async append(id: string, records: readonly LogRecord[]) { await this.gate; await this.inner.append(id, records); }
  rewrite(id: string, records: readonly LogRecord[]) { return this.inner.rewrite(id, records); }
  delete(id: string) { return this.inner.delete(id); }
  close() { return this.inner.close(); }
}

for (const backend of backends) {
  describe(`SessionStore contract (${backend.name})`, () => {
    let cleanup: (() => Promise<void>) | undefined;
    const stores: SessionStore[] = [];
    let persistence: () => TimelinePersistence;

    async function open(options: Partial<SessionStoreOptions> = {}): Promise<SessionStore> {
      const store = new SessionStore({ persistence: persistence(), coalesceMs: 5, ...options });
      await store.load();
      stores.push(store);
      return store;
    }

    async function setup() {
      const made = await backend.make();
      persistence = made.persistence;
      cleanup = made.cleanup;
    }

    afterEach(async () => {
      for (const store of stores.splice(0)) await store.close();
      await cleanup?.();
    });

    it("assigns contiguous seqs from 1 and commits in order", async () => {
      await setup();
      const store = await open();
      const session = await store.create(newSession);
      expect(session.lastSeq).toBe(0);
      const seen: number[] = [];
      store.subscribe({ onEvents: (_id, events) => seen.push(...events.map((e) => e.seq)) });
      const appended = [1, 2, 3, 4, 5].map((n) => store.append(session.id, { type: "notice", level: "info", text: `n${n}` }));
      expect(appended.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
      await store.flush();
      expect(seen).toEqual([1, 2, 3, 4, 5]);
      expect(store.eventsAfter(session.id, 2).events.map((e) => e.seq)).toEqual([3, 4, 5]);
      expect(store.get(session.id)?.lastSeq).toBe(5);
    });

    it("shows and publishes nothing before it is written", async () => {
      await setup();
      const gated = new GatedPersistence(persistence());
      const store = new SessionStore({ persistence: gated, coalesceMs: 0 });
      stores.push(store);
      await store.load();
      const creating = store.create(newSession);
      await new Promise((resolve) => setTimeout(resolve, 20));
      const [id] = store.list().map((s) => s.id);
      if (!id) throw new Error("session not listed");
      const published: SessionEvent[] = [];
      store.subscribe({ onEvents: (_id, events) => published.push(...events) });
      store.append(id, { type: "notice", level: "info", text: "pending" });
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(published).toEqual([]);
      expect(store.eventsAfter(id).events).toEqual([]);
      gated.open();
      await creating;
      await store.flush();
      expect(published.map((e) => e.seq)).toEqual([1]);
    });

    it("coalesces a burst of deltas into few events, keeping interleaved order", async () => {
      await setup();
      const store = await open({ coalesceMs: 20 });
      const { id } = await store.create(newSession);
      const words = Array.from({ length: 1000 }, (_, i) => `w${i} `);
      for (const delta of words) store.stream(id, { type: "message_delta", messageId: "a1", delta });
      store.stream(id, { type: "tool_output", callId: "c1", stream: "stdout", chunk: "out1" });
      store.stream(id, { type: "tool_output", callId: "c1", stream: "stderr", chunk: "err" });
      store.stream(id, { type: "tool_output", callId: "c1", stream: "stdout", chunk: "out2" });
      store.append(id, { type: "message", messageId: "u2", role: "user", text: "after" });
      await store.flush();
      const events = store.eventsAfter(id).events;
      expect(events.map((e) => e.type)).toEqual(["message_delta", "tool_output", "tool_output", "tool_output", "message"]);
      expect(store.transcript(id).map((m) => m.text)).toEqual([words.join(""), "after"]);
    });

    it("flushes buffered deltas on its own within a tick", async () => {
      await setup();
      const store = await open({ coalesceMs: 5 });
      const { id } = await store.create(newSession);
      const got = new Promise<SessionEvent[]>((resolve) => store.subscribe({ onEvents: (_id, events) => resolve([...events]) }));
      store.stream(id, { type: "reasoning_delta", itemId: "r1", delta: "think" });
      const events = await got;
      expect(events.map((e) => e.type)).toEqual(["reasoning_delta"]);
    });

    it("reloads sessions, events, summaries and continues the seq", async () => {
      await setup();
      const first = await open();
      const a = await first.create(newSession);
      const b = await first.create({ ...newSession, title: "second" });
      first.append(a.id, { type: "message", messageId: "u1", role: "user", text: "hi" });
      first.stream(a.id, { type: "message_delta", messageId: "a1", delta: "Hal" });
      first.stream(a.id, { type: "message_delta", messageId: "a1", delta: "lo" });
      first.update(a.id, { status: "running", usage: { inputTokens: 3, outputTokens: 2, totalTokens: 5 } });
      first.append(b.id, { type: "turn_started", turnId: "t1" });
      await first.close();
      stores.length = 0;

      const second = await open();
      expect(second.list().map((s) => s.id).sort()).toEqual([a.id, b.id].sort());
      expect(second.get(a.id)).toMatchObject({ status: "running", lastSeq: 2, usage: { totalTokens: 5 } });
      expect(second.transcript(a.id).map((m) => m.text)).toEqual(["hi", "Hallo"]);
      expect(second.append(a.id, { type: "notice", level: "info", text: "next" }).seq).toBe(3);
      expect(second.append(b.id, { type: "notice", level: "info", text: "next" }).seq).toBe(2);
      await second.flush();
      expect(second.eventsAfter(a.id).events.map((e) => e.seq)).toEqual([1, 2, 3]);
    });

    it("trims beyond maxEvents but keeps the whole transcript, also across reload and compaction", async () => {
      await setup();
      const first = await open({ maxEvents: 10 });
      const { id } = await first.create(newSession);
      for (let i = 1; i <= 60; i++) first.append(id, { type: "message", messageId: `m${i}`, role: "user", text: `t${i}` });
      await first.flush();
      expect(first.eventsAfter(id).events.map((e) => e.seq)).toEqual([51, 52, 53, 54, 55, 56, 57, 58, 59, 60]);
      expect(first.eventsAfter(id, 55).events.map((e) => e.seq)).toEqual([56, 57, 58, 59, 60]);
      expect(first.transcript(id)).toHaveLength(60);
      await first.close();
      stores.length = 0;

      const second = await open({ maxEvents: 10 });
      expect(second.eventsAfter(id).events.map((e) => e.seq)).toEqual([51, 52, 53, 54, 55, 56, 57, 58, 59, 60]);
      expect(second.transcript(id).map((m) => m.text)).toEqual(Array.from({ length: 60 }, (_, i) => `t${i + 1}`));
      expect(second.append(id, { type: "notice", level: "info", text: "x" }).seq).toBe(61);
    });

    it("catches a reader up exactly, the events compactions took off the log included, also after a reload", async () => {
      await setup();
      const first = await open({ maxEvents: 10 });
      const { id } = await first.create(newSession);
      const seqs = (events: readonly SessionEvent[]) => events.map((e) => e.seq);
      const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
      for (let round = 0; round < 4; round++) {
        for (let i = 1; i <= 15; i++) first.append(id, { type: "message", messageId: `m${round}-${i}`, role: "user", text: `t${i}` });
        await first.flush(); // every round compacts
      }
      expect(seqs(first.eventsAfter(id).events)).toEqual(range(51, 60));
      expect(seqs((await first.catchUp(id)).events)).toEqual(range(1, 60));
      expect(seqs((await first.catchUp(id, 37)).events)).toEqual(range(38, 60));
      expect(seqs((await first.catchUp(id, 55)).events)).toEqual(range(56, 60));
      expect((await first.catchUp(id, 60)).events).toEqual([]);
      // `then` runs in the same step as the last read: nothing committed in between.
      let lastSeqThen: number | undefined;
      const caught = await first.catchUp(id, 5, () => (lastSeqThen = first.eventsAfter(id).lastSeq));
      expect(lastSeqThen).toBe(caught.lastSeq);
      await first.close();
      stores.length = 0;

      const second = await open({ maxEvents: 10 });
      const again = await second.catchUp(id, 3);
      expect(seqs(again.events)).toEqual(range(4, 60));
      expect(again.events[0]).toMatchObject({ sessionId: id, type: "message", messageId: "m0-4", text: "t4" });
    });

    it("deletes a session for good: gone after its queued writes, and after a reload", async () => {
      await setup();
      const store = await open();
      const keep = await store.create({ workerId: "w", workdir: "/tmp", model: "m", title: "keep", approvalPolicy: "full-auto" });
      const gone = await store.create({ workerId: "w", workdir: "/tmp", model: "m", title: "gone", approvalPolicy: "full-auto" });
      const deleted: string[] = [];
      store.subscribe({ onDeleted: (id) => deleted.push(id) });
      store.append(gone.id, { type: "notice", level: "info", text: "queued before the delete" });
      store.stream(gone.id, { type: "message_delta", messageId: "m1", delta: "buffered" });
      await store.delete(gone.id);
      expect(deleted).toEqual([gone.id]);
      expect(store.has(gone.id)).toBe(false);
      expect(() => store.append(gone.id, { type: "notice", level: "info", text: "late" })).toThrow(/not found/);
      await expect(store.delete(gone.id)).rejects.toThrow(/not found/);
      await store.close();
      stores.splice(stores.indexOf(store), 1);
      const reopened = await open();
      expect(reopened.list().map((s) => s.id)).toEqual([keep.id]);
    });

    it("refuses unknown sessions", async () => {
      await setup();
      const store = await open();
      expect(() => store.append("nope", { type: "notice", level: "info", text: "x" })).toThrow(/not found/);
      expect(() => store.eventsAfter("nope")).toThrow(/not found/);
      expect(store.get("nope")).toBeUndefined();
    });
  });
}
