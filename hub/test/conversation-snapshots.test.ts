import { createHash } from "node:crypto";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ConversationState } from "@aiflare/core";
import { afterEach, describe, expect, it } from "vitest";
import { ConversationStore } from "../src/agent/conversation-store.js";
import { ConversationSnapshots } from "../src/checkpoints/conversation-snapshots.js";

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

  /** The inode of a snapshot's file, once every snapshot taken so far is written. */
  async function inode(dataDir: string, snapshots: ConversationSnapshots, sessionId: string, turnId: string, point: "before" | "after"): Promise<number> {
    await snapshots.flush();
    const name = `${createHash("sha256").update(turnId).digest("hex").slice(0, 40)}.${point}.json`;
    return (await stat(join(dataDir, "conversations", `${sessionId}.turns`, name))).ino;
  }

  it("a turn's 'before' is the previous turn's 'after' file under a second name when nothing changed in between; any change gets its own file", async () => {
    const { conversations, snapshots } = await setup();
    const dataDir = dirs[0] ?? "";
    conversations.save("s1", said("one"));
    await snapshots.take("s1", "t1", "before");
    conversations.save("s1", said("one, answered"));
    await snapshots.take("s1", "t1", "after");
    await snapshots.take("s1", "t2", "before"); // nothing saved since t1's "after"
    conversations.save("s1", said("two, answered"));
    await snapshots.take("s1", "t2", "after");

    expect(await inode(dataDir, snapshots, "s1", "t2", "before")).toBe(await inode(dataDir, snapshots, "s1", "t1", "after"));
    expect(await inode(dataDir, snapshots, "s1", "t2", "after")).not.toBe(await inode(dataDir, snapshots, "s1", "t2", "before"));
    expect(await inode(dataDir, snapshots, "s1", "t1", "before")).not.toBe(await inode(dataDir, snapshots, "s1", "t1", "after"));
    expect(await snapshots.get("s1", "t1", "before")).toEqual(said("one"));
    expect(await snapshots.get("s1", "t1", "after")).toEqual(said("one, answered"));
    expect(await snapshots.get("s1", "t2", "before")).toEqual(said("one, answered"));
    expect(await snapshots.get("s1", "t2", "after")).toEqual(said("two, answered"));

    // An "after" is the conversation file as saved then; the next save renamed a new file over it.
    const conversationFile = join(dataDir, "conversations", "s1.json");
    await conversations.flush();
    expect(await inode(dataDir, snapshots, "s1", "t2", "after")).toBe((await stat(conversationFile)).ino);
    expect(await inode(dataDir, snapshots, "s1", "t1", "after")).not.toBe((await stat(conversationFile)).ino);

    // A fork copies the files, so the linked snapshots stay the session's own.
    await snapshots.copy("s1", "s2", ["t1", "t2"]);
    expect(await snapshots.get("s2", "t2", "before")).toEqual(said("one, answered"));
    await snapshots.drop("s1");
    expect(await snapshots.get("s2", "t1", "after")).toEqual(said("one, answered"));
    expect(await snapshots.get("s1", "t1", "after")).toBeUndefined();
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
});
