// The JSONL persistence on its own: a torn or damaged log, compaction and what it archives, many
// open logs. What every persistence must do is in store-contract.test.ts.
import { appendFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SessionEvent } from "@aiflare/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { JsonlPersistence } from "../src/store/jsonl-persistence.js";
import type { TimelinePersistence } from "../src/store/log-record.js";
import { MemoryPersistence } from "../src/store/memory-persistence.js";
import { SessionStore } from "../src/store/session-store.js";

const newSession = { workerId: "w1", workdir: "/tmp/x", model: "m", title: "t", approvalPolicy: "full-auto" as const };

describe("JsonlPersistence crash safety", () => {
  let dataDir: string;
  afterEach(async () => rm(dataDir, { recursive: true, force: true }));

  async function storeWithEvents(count: number) {
    dataDir = await mkdtemp(join(tmpdir(), "aiflare-torn-"));
    const store = new SessionStore({ persistence: new JsonlPersistence({ dataDir }), coalesceMs: 0 });
    await store.load();
    const { id } = await store.create(newSession);
    for (let i = 1; i <= count; i++) store.append(id, { type: "message", messageId: `m${i}`, role: "user", text: `t${i}` });
    await store.close();
    return { id, file: join(dataDir, "sessions", `${id}.jsonl`) };
  }

  async function reopen() {
    const store = new SessionStore({ persistence: new JsonlPersistence({ dataDir }), coalesceMs: 0 });
    await store.load();
    return store;
  }

  it("drops a torn last line, keeps every earlier event, and appends cleanly after it", async () => {
    const { id, file } = await storeWithEvents(5);
    const whole = await readFile(file, "utf8");
    await appendFile(file, '{"t":"event","v":{"type":"message","messageId":"m6","ro');
    const store = await reopen();
    expect(store.eventsAfter(id).events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(await readFile(file, "utf8")).toBe(whole);
    store.append(id, { type: "message", messageId: "m6", role: "user", text: "t6" });
    await store.close();
    const again = await reopen();
    expect(again.transcript(id).map((m) => m.text)).toEqual(["t1", "t2", "t3", "t4", "t5", "t6"]);
    await again.close();
  });

  it("cut at every byte of the last line still loads", async () => {
    const { id, file } = await storeWithEvents(3);
    const whole = await readFile(file);
    const lastStart = whole.lastIndexOf(0x0a, whole.length - 2) + 1;
    for (let cut = lastStart; cut < whole.length; cut++) {
      await writeFile(file, whole.subarray(0, cut));
      const store = await reopen();
      expect(store.eventsAfter(id).events.map((e) => e.seq)).toEqual([1, 2]);
      await store.close();
    }
  });

  it("skips a damaged middle line without losing the events after it", async () => {
    const { id, file } = await storeWithEvents(4);
    const lines = (await readFile(file, "utf8")).split("\n");
    lines[2] = "{not json";
    await writeFile(file, lines.join("\n"));
    const store = await reopen();
    expect(store.eventsAfter(id).events.map((e) => e.seq)).toEqual([1, 3, 4]);
    expect(store.append(id, { type: "notice", level: "info", text: "x" }).seq).toBe(5);
    await store.close();
  });

  it("ignores a leftover compaction temp file", async () => {
    const { id, file } = await storeWithEvents(2);
    await writeFile(`${file}.tmp`, "garbage");
    const store = await reopen();
    expect(store.eventsAfter(id).events).toHaveLength(2);
    await store.close();
  });
});

describe("compaction", () => {
  it("keeps the log within twice maxEvents plus its header", async () => {
    const persistence = new MemoryPersistence();
    const store = new SessionStore({ persistence, maxEvents: 10, coalesceMs: 0 });
    await store.load();
    const { id } = await store.create(newSession);
    for (let i = 1; i <= 500; i++) {
      store.append(id, { type: "notice", level: "info", text: `n${i}` });
      if (i % 7 === 0) await store.flush();
    }
    await store.flush();
    expect(persistence.recordCount(id)).toBeLessThanOrEqual(2 * 10 + 2);
    expect(persistence.recordCount(id)).toBeGreaterThanOrEqual(10);
    await store.close();
  });

  it("archives what it drops beside the JSONL log (each event once, even archived twice), removed with the session", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "aiflare-archive-"));
    try {
      const persistence = new JsonlPersistence({ dataDir });
      const store = new SessionStore({ persistence, maxEvents: 5, coalesceMs: 0 });
      await store.load();
      const { id } = await store.create(newSession);
      for (let i = 1; i <= 40; i++) {
        // Some bodies hold a "seq" of their own (a key, and in text): the event's seq is still read right.
        if (i % 5 === 0) store.append(id, { type: "tool_call", callId: `c${i}`, tool: "shell", args: { command: ["echo", '"seq":7'], seq: 99999 } });
        else store.append(id, { type: "notice", level: "info", text: `n${i} "seq":1` });
      }
      await store.flush();
      const archive = join(dataDir, "sessions", "archive", `${id}.jsonl`);
      const archived = (await readFile(archive, "utf8")).trim().split("\n");
      expect(archived.map((line) => (JSON.parse(line) as { v: SessionEvent }).v.seq)).toEqual(Array.from({ length: 35 }, (_, i) => i + 1));
      // A compaction that crashed after archiving and before replacing the log archives again.
      await appendFile(archive, `${archived.slice(0, 3).join("\n")}\n`);
      expect((await store.catchUp(id, 0)).events.map((e) => e.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      await store.delete(id);
      await expect(readFile(archive)).rejects.toMatchObject({ code: "ENOENT" });
      await store.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it("leaves a gap, with a warning, where a log was compacted before anything was archived", async () => {
    const persistence = new MemoryPersistence();
    const warnings: object[] = [];
    const logger = { warn: (obj: object) => warnings.push(obj), error: () => undefined };
    const store = new SessionStore({ persistence, maxEvents: 5, coalesceMs: 0, logger });
    await store.load();
    const { id } = await store.create(newSession);
    for (let i = 1; i <= 40; i++) store.append(id, { type: "notice", level: "info", text: `n${i}` });
    await store.flush();
    const plain: TimelinePersistence = { loadAll: () => persistence.loadAll(), append: (s, r) => persistence.append(s, r), rewrite: (s, r) => persistence.rewrite(s, r), delete: (s) => persistence.delete(s), close: () => persistence.close(), readEvents: () => Promise.resolve([]) };
    const reopened = new SessionStore({ persistence: plain, maxEvents: 5, coalesceMs: 0, logger });
    await reopened.load();
    expect((await reopened.catchUp(id, 2)).events.map((e) => e.seq)).toEqual([36, 37, 38, 39, 40]);
    expect(warnings).toEqual([expect.objectContaining({ sessionId: id, afterSeq: 2, firstSeq: 36 })]);
  });
});

describe("JsonlPersistence with many sessions", () => {
  it("keeps at most maxOpenFiles handles open and still writes every session", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "aiflare-many-"));
    try {
      const persistence = new JsonlPersistence({ dataDir, maxOpenFiles: 4 });
      const store = new SessionStore({ persistence, coalesceMs: 0 });
      await store.load();
      const ids: string[] = [];
      for (let i = 0; i < 20; i++) ids.push((await store.create(newSession)).id);
      for (let round = 0; round < 3; round++) for (const id of ids) store.append(id, { type: "notice", level: "info", text: `r${round}` });
      await store.flush();
      expect((persistence as unknown as { files: { open: Map<string, unknown> } }).files.open.size).toBeLessThanOrEqual(4);
      await store.close();
      const again = new SessionStore({ persistence: new JsonlPersistence({ dataDir }), coalesceMs: 0 });
      await again.load();
      for (const id of ids) expect(again.eventsAfter(id).events.map((e) => e.seq)).toEqual([1, 2, 3]);
      await again.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
