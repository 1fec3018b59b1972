import { createHash } from "node:crypto";
import { appendFile, mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ConversationState } from "@aiflare/core";
import { afterEach, describe, expect, it } from "vitest";
import { ConversationStore } from "../src/agent/conversation-store.js";
import { ConversationSnapshots } from "../src/checkpoints/conversation-snapshots.js";
import type { Logger } from "../src/logger.js";

const said = (text: string): ConversationState => ({ mode: "stateless", history: [{ type: "message", role: "user", content: text }], pending: [] });

describe("conversation snapshots on disk", () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  async function setup() {
    const dataDir = await mkdtemp(join(tmpdir(), "aiflare-snapshots-"));
    dirs.push(dataDir);
    const conversations = new ConversationStore({ dataDir });
    return { conversations, snapshots: new ConversationSnapshots({ conversations, dataDir }) };
  }

  /** The conversation log's records, once everything saved so far is written. */
  async function records(dataDir: string, conversations: ConversationStore, sessionId: string): Promise<Record<string, unknown>[]> {
    await conversations.flush();
    const text = await readFile(join(dataDir, "conversations", `${sessionId}.jsonl`), "utf8");
    return text.split("\n").filter((line) => line.trim() !== "").map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  it("snapshots are one-line marks in the conversation log, no files; each resolves to the state it was taken of, across a restart and in a fork", async () => {
    const { conversations, snapshots } = await setup();
    const dataDir = dirs[0] ?? "";
    conversations.save("s1", said("one"));
    await snapshots.take("s1", "t1", "before");
    conversations.save("s1", said("one, answered"));
    await snapshots.take("s1", "t1", "after");
    await snapshots.take("s1", "t2", "before"); // nothing saved since t1's "after"
    conversations.save("s1", said("two, answered"));
    await snapshots.take("s1", "t2", "after");
    await snapshots.flush();

    expect((await records(dataDir, conversations, "s1")).map((r) => Object.keys(r)[0])).toEqual(["full", "mark", "full", "mark", "mark", "full", "mark"]);
    await expect(stat(join(dataDir, "conversations", "s1.turns"))).rejects.toThrow(/ENOENT/);
    expect(await snapshots.get("s1", "t1", "before")).toEqual(said("one"));
    expect(await snapshots.get("s1", "t1", "after")).toEqual(said("one, answered"));
    expect(await snapshots.get("s1", "t2", "before")).toEqual(said("one, answered"));
    expect(await snapshots.get("s1", "t2", "after")).toEqual(said("two, answered"));
    expect(await snapshots.get("s1", "t3", "before")).toBeUndefined();

    const restarted = new ConversationStore({ dataDir });
    const again = new ConversationSnapshots({ conversations: restarted, dataDir });
    expect(await again.get("s1", "t1", "after")).toEqual(said("one, answered"));
    expect(await restarted.load("s1")).toEqual(said("two, answered"));

    // A fork copies the log (marks included) before its own state is saved, so its snapshots stay its own.
    await snapshots.copy("s1", "s2", ["t1", "t2"]);
    conversations.save("s2", said("one, answered"));
    await snapshots.drop("s1");
    await conversations.delete("s1");
    expect(await snapshots.get("s2", "t2", "before")).toEqual(said("one, answered"));
    expect(await snapshots.get("s2", "t1", "before")).toEqual(said("one"));
    expect(await snapshots.get("s1", "t1", "after")).toBeUndefined();
    expect(await new ConversationStore({ dataDir }).load("s2")).toEqual(said("one, answered"));
  });

  it("a step appends only what it added to the history; a compaction or revert appends the whole state; a restart replays to the same state", async () => {
    const { conversations, snapshots } = await setup();
    const dataDir = dirs[0] ?? "";
    const item = (i: number) => ({ type: "message" as const, role: "user" as const, content: `item ${i} ${"x".repeat(1000)}` });
    const grown = (n: number, previousResponseId?: string): ConversationState => ({ mode: "stateless", history: Array.from({ length: n }, (_, i) => item(i)), pending: [item(-n)], ...(previousResponseId ? { previousResponseId } : {}) });
    conversations.save("s1", grown(200));
    await snapshots.take("s1", "t1", "before");
    await conversations.flush();
    const size = async () => (await stat(join(dataDir, "conversations", "s1.jsonl"))).size;
    const start = await size();
    conversations.save("s1", grown(201, "resp_1"));
    await conversations.flush();
    expect(await size()).toBeLessThan(start + 3000); // the new item and the pending one, not 200 KB again
    conversations.save("s1", grown(203));
    await snapshots.take("s1", "t1", "after");
    const compacted: ConversationState = { mode: "stateless", history: [item(999), item(202)], pending: [] };
    conversations.save("s1", compacted);
    await snapshots.flush();

    const written = await records(dataDir, conversations, "s1");
    expect(written.map((r) => Object.keys(r)[0])).toEqual(["full", "mark", "add", "add", "mark", "full"]);
    expect(written[2]).toEqual({ add: [item(200)], n: 200, pending: [item(-201)], prev: "resp_1" });
    expect(written[3]).toMatchObject({ n: 201, prev: null });
    expect(await snapshots.get("s1", "t1", "after")).toEqual(grown(203));
    expect(await new ConversationStore({ dataDir }).load("s1")).toEqual(compacted);

    // Back to the snapshot (a revert): not an addition to the compacted history, so the whole state.
    conversations.save("s1", grown(200));
    expect((await records(dataDir, conversations, "s1")).map((r) => Object.keys(r)[0]).at(-1)).toBe("full");
    expect(await new ConversationStore({ dataDir }).load("s1")).toEqual(grown(200));
  });

  it("a line torn by a crash is skipped, and the next run's appends start on a line of their own", async () => {
    const { conversations } = await setup();
    const dataDir = dirs[0] ?? "";
    const log = join(dataDir, "conversations", "s1.jsonl");
    const two: ConversationState = { mode: "stateless", history: [said("one").history[0]!, said("two").history[0]!], pending: [] };
    conversations.save("s1", said("one"));
    await conversations.flush();
    await appendFile(log, '{"add":[{"type":"mess'); // the process died mid-append
    const restarted = new ConversationStore({ dataDir });
    expect(await restarted.load("s1")).toEqual(said("one"));
    restarted.save("s1", two);
    await restarted.flush();
    expect(await new ConversationStore({ dataDir }).load("s1")).toEqual(two);
  });

  it("reads a conversation and snapshot files written by a hub before the log", async () => {
    const { conversations, snapshots } = await setup();
    const dataDir = dirs[0] ?? "";
    const folder = join(dataDir, "conversations");
    await mkdir(join(folder, "old.turns"), { recursive: true });
    await writeFile(join(folder, "old.json"), JSON.stringify(said("from before")));
    const name = `${createHash("sha256").update("t0").digest("hex").slice(0, 40)}.after.json`;
    await writeFile(join(folder, "old.turns", name), JSON.stringify(said("linked"))); // an old "after": the conversation file, hard-linked
    expect(await conversations.load("old")).toEqual(said("from before"));
    expect(await snapshots.get("old", "t0", "after")).toEqual(said("linked"));
    conversations.save("old", said("from now on"));
    expect((await records(dataDir, conversations, "old")).map((r) => Object.keys(r)[0])).toEqual(["full"]);
    expect(await new ConversationStore({ dataDir }).load("old")).toEqual(said("from now on"));
    await conversations.delete("old");
    await expect(stat(join(folder, "old.json"))).rejects.toThrow(/ENOENT/);
  });

  it("a snapshot taken while a newer save is on its way holds the state it was taken of, not the newer file", async () => {
    const { conversations, snapshots } = await setup();
    conversations.save("s1", said("as taken"));
    await snapshots.take("s1", "t1", "after");
    conversations.save("s1", said("saved right after")); // joins the queued write: the file will hold this one
    await conversations.flush();
    expect(await snapshots.get("s1", "t1", "after")).toEqual(said("as taken"));
    expect(await conversations.load("s1")).toEqual(said("saved right after"));
  });

  it("dropping a session's snapshots waits for a write still queued, so the folder does not come back", async () => {
    const { conversations, snapshots } = await setup();
    const dataDir = dirs[0] ?? "";
    conversations.save("s1", said("one"));
    await snapshots.take("s1", "t1", "after"); // its file is written behind
    await snapshots.drop("s1");
    await snapshots.flush();
    await expect(stat(join(dataDir, "conversations", "s1.turns"))).rejects.toThrow(/ENOENT/);
  });

  it("a snapshot taken after a restart (nothing held in memory) reads the saved conversation from disk", async () => {
    const { conversations } = await setup();
    const dataDir = dirs[0] ?? "";
    conversations.save("s1", said("kept"));
    await conversations.flush();
    const restarted = new ConversationStore({ dataDir });
    const snapshots = new ConversationSnapshots({ conversations: restarted, dataDir });
    await snapshots.take("s1", "t9", "before");
    expect(await snapshots.get("s1", "t9", "before")).toEqual(said("kept"));
  });

  it("a snapshot that cannot be written is logged, and the queue goes on", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "aiflare-snapshots-"));
    dirs.push(dataDir);
    const warned: string[] = [];
    const conversations = new ConversationStore({ dataDir });
    const snapshots = new ConversationSnapshots({ conversations, dataDir, logger: { warn: ((_fields: object, message: string) => void warned.push(message)) as Logger["warn"] } });
    // Where the session's snapshot files go is taken by a file: nothing can be written there.
    await mkdir(join(dataDir, "conversations"), { recursive: true });
    await writeFile(join(dataDir, "conversations", "s1.turns"), "in the way");
    await snapshots.take("s1", "t1", "before"); // no conversation yet: a file of its own, which fails
    await snapshots.flush();
    expect(warned).toEqual(["conversation snapshot not written"]);
    // Later snapshots of the session are still taken: a mark in its log.
    conversations.save("s1", said("one"));
    await snapshots.take("s1", "t1", "after");
    expect(await snapshots.get("s1", "t1", "after")).toEqual(said("one"));
    expect(warned).toHaveLength(1);
  });
});
