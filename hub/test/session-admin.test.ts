import { access, mkdir, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { SessionEvent, type SessionSummary } from "@aiflare/protocol";
import { afterEach, describe, expect, it } from "vitest";
import type { RuntimeFactory } from "../src/runner/runtime.js";
import { startTestHub, waitFor, type TestHub } from "./helpers.js";

const exists = (path: string) => access(path).then(() => true, () => false);

/** Replies `echo: PROMPT` at once; a prompt saying "block" runs until canceled. */
const runtimeFactory: RuntimeFactory = () => ({
  runTurn: async ({ prompt, sink, signal }) => {
    if (prompt.includes("block")) {
      sink.setStatus("streaming");
      await new Promise((_resolve, reject) => signal.addEventListener("abort", () => reject(signal.reason as Error), { once: true }));
    }
    const reply = `echo: ${prompt}`;
    sink.append({ type: "tool_call", callId: `c-${prompt.length}`, tool: "shell", args: { command: ["echo", "```"] } });
    sink.append({ type: "tool_result", callId: `c-${prompt.length}`, ok: true, output: "```\n", exitCode: 0, durationMs: 1 });
    sink.append({ type: "message", messageId: `a-${Math.random()}`, role: "assistant", text: reply });
    return { reply };
  },
});

describe("session management over REST", () => {
  let t: TestHub;
  afterEach(async () => t?.close());

  async function sessionWith(title: string, ...prompts: string[]): Promise<SessionSummary> {
    const session = await t.session({ title });
    for (const prompt of prompts) await t.hub.runner.submitPrompt(session.id, prompt);
    return session;
  }

  it("renames and archives; the list leaves archived sessions out unless asked, and searches titles and message text", async () => {
    t = await startTestHub({ runtimeFactory });
    const alpha = await sessionWith("Alpha project", "fix the Flux capacitor");
    const beta = await sessionWith("beta", "write a README");
    const gamma = await sessionWith("", "nothing special");
    const renamed = await t.api("PATCH", `/api/sessions/${gamma.id}`, { title: "Gamma ray" });
    expect(renamed.status).toBe(200);
    expect(renamed.body.session).toMatchObject({ id: gamma.id, title: "Gamma ray" });
    const archived = await t.api("PATCH", `/api/sessions/${beta.id}`, { archived: true });
    expect(archived.body.session).toMatchObject({ archived: true, title: "beta" });

    const ids = async (query: string) => ((await t.api("GET", `/api/sessions${query}`)).body.sessions as SessionSummary[]).map((s) => s.id);
    expect(await ids("")).toEqual([alpha.id, gamma.id]);
    expect(await ids("?archived=true")).toEqual([alpha.id, beta.id, gamma.id]); // archived ones included
    expect(await ids("?archived=false")).toEqual([alpha.id, gamma.id]);
    expect(await ids("?q=FLUX")).toEqual([alpha.id]); // message text, any case
    expect(await ids("?q=gamma")).toEqual([gamma.id]); // title
    expect(await ids("?q=echo")).toEqual([alpha.id, gamma.id]); // assistant replies count too
    expect(await ids("?q=readme")).toEqual([]); // archived ones stay out of a search
    expect(await ids("?q=readme&archived=true")).toEqual([beta.id]);
    expect(await ids("?q=echo&archived=true")).toEqual([alpha.id, beta.id, gamma.id]);
    expect(await ids("?q=nowhere")).toEqual([]);
    // New messages are found at once (the search index follows the timeline).
    await t.hub.runner.submitPrompt(alpha.id, "zebra crossing");
    expect(await ids("?q=zebra")).toEqual([alpha.id]);

    const back = await t.api("PATCH", `/api/sessions/${beta.id}`, { archived: false });
    expect(back.body.session.archived).toBe(false);
    expect(await ids("")).toEqual([alpha.id, beta.id, gamma.id]);
    expect((await t.api("PATCH", `/api/sessions/${beta.id}`, { archived: "yes" })).status).toBe(400);
    expect((await t.api("PATCH", `/api/sessions/${beta.id}`, { status: "running" })).status).toBe(400);
    expect((await t.api("PATCH", `/api/sessions/nope`, { title: "x" })).status).toBe(404);
    expect((await t.api("GET", `/api/sessions?archived=maybe`)).status).toBe(400);
  });

  it("sends browsers one session:updated per committed step, the newest, after that step's events (no batching window)", async () => {
    t = await startTestHub({ runtimeFactory, summaryWindowMs: 0 }); // the window: summary-fanout.test.ts
    const session = await sessionWith("old");
    const browser = await t.browser();
    const seen: string[] = [];
    browser.on("session:updated", ({ session: s }) => s.id === session.id && seen.push(`updated ${s.title}`));
    browser.on("session:events", ({ events }) => seen.push(...events.map((e) => `event ${e.type}`)));
    await browser.timeout(5000).emitWithAck("session:join", { sessionId: session.id });
    const store = t.hub.store;
    // One written batch: two summary changes with an event between.
    store.update(session.id, { title: "first" });
    store.append(session.id, { type: "message", messageId: "m-x", role: "user", text: "hi" });
    store.update(session.id, { title: "second" });
    await store.flush(session.id);
    store.update(session.id, { title: "third" });
    await waitFor(() => seen.includes("updated third"), 5000, "the third title");
    expect(seen).toEqual(["event message", "updated second", "updated third"]);
    expect((await t.api("GET", `/api/sessions/${session.id}`)).body.session.title).toBe("third");
  });

  it("tells browsers about renames and deletions", async () => {
    t = await startTestHub({ runtimeFactory });
    const session = await sessionWith("old");
    const browser = await t.browser();
    const updates: SessionSummary[] = [];
    const deleted: string[] = [];
    browser.on("session:updated", ({ session: s }) => updates.push(s));
    browser.on("session:deleted", ({ sessionId }) => deleted.push(sessionId));
    await t.api("PATCH", `/api/sessions/${session.id}`, { title: "new" });
    await waitFor(() => updates.some((s) => s.title === "new"), 5000, "session:updated");
    expect((await t.api("DELETE", `/api/sessions/${session.id}`)).status).toBe(204);
    await waitFor(() => deleted.includes(session.id), 5000, "session:deleted");
  });

  it("deletes a session: cancels its running turn and removes its log, conversation and attachments", async () => {
    t = await startTestHub({ runtimeFactory });
    const keep = await sessionWith("keep", "hello");
    const doomed = await sessionWith("doomed", "hello");
    await t.hub.activeSessions.set("editor", doomed.id);
    const sessionsDir = join(t.dataDir, "sessions");
    expect(await exists(join(sessionsDir, `${doomed.id}.jsonl`))).toBe(true);
    // What the agent runtime and image prompts leave in the data dir for a session.
    await mkdir(join(t.dataDir, "conversations"), { recursive: true });
    await writeFile(join(t.dataDir, "conversations", `${doomed.id}.json`), "{}");
    await writeFile(join(t.dataDir, "conversations", `${keep.id}.json`), "{}");
    await mkdir(join(t.dataDir, "attachments", doomed.id), { recursive: true });
    await writeFile(join(t.dataDir, "attachments", doomed.id, "a.png"), "png");
    const running = t.hub.runner.submitPrompt(doomed.id, "block until canceled");
    await waitFor(() => t.hub.store.get(doomed.id)?.status === "streaming", 5000, "the turn to run");

    const res = await t.api("DELETE", `/api/sessions/${doomed.id}`);
    expect(res.status).toBe(204);
    expect(await running).toMatchObject({ status: "canceled" });
    expect(await readdir(sessionsDir)).toEqual([`${keep.id}.jsonl`]);
    expect(await exists(join(t.dataDir, "conversations", `${doomed.id}.json`))).toBe(false);
    expect(await exists(join(t.dataDir, "attachments", doomed.id))).toBe(false);
    expect(await exists(join(t.dataDir, "conversations", `${keep.id}.json`))).toBe(true);
    expect(t.hub.activeSessions.get("editor")).toBeNull();
    expect((await t.api("GET", `/api/sessions/${doomed.id}`)).status).toBe(404);
    expect((await t.api("DELETE", `/api/sessions/${doomed.id}`)).status).toBe(404);
    expect((await t.api("GET", "/api/sessions")).body.sessions.map((s: SessionSummary) => s.id)).toEqual([keep.id]);

    // Still gone after a restart.
    const dataDir = t.dataDir;
    await t.hub.close();
    const again = await startTestHub({ dataDir, runtimeFactory });
    try {
      expect(again.hub.store.list().map((s) => s.id)).toEqual([keep.id]);
    } finally {
      await again.close();
    }
  });

  it("exports Markdown and JSON lines that parse", async () => {
    t = await startTestHub({ runtimeFactory });
    const session = await sessionWith("Export me", "first question", "second question");
    const md = await fetch(`${t.hub.url}/api/sessions/${session.id}/export?format=markdown`, { headers: { authorization: `Bearer ${(await import("./helpers.js")).BROWSER_TOKEN}` } });
    expect(md.status).toBe(200);
    expect(md.headers.get("content-type")).toMatch(/^text\/markdown/);
    expect(md.headers.get("content-disposition")).toMatch(/attachment; filename="aiflare-Export-me-.*\.md"/);
    const text = await md.text();
    expect(text.startsWith("# Export me\n")).toBe(true);
    const headings = text.split("\n").filter((line) => line.startsWith("## ")).map((line) => line.slice(3));
    expect(headings).toEqual(["User", "Assistant", "User", "Assistant"]);
    expect(text).toContain("first question");
    expect(text).toContain("echo: second question");
    // Tool output with backticks sits in a longer fence, so the Markdown stays well-formed; the
    // command is quoted the way a shell would take it.
    expect(text).toContain("````\n```\n\n````");
    expect(text).toContain("### Tool: shell\n\n```\necho \\`\\`\\`\n```");

    const jsonl = await t.api("GET", `/api/sessions/${session.id}/export?format=jsonl`);
    expect(jsonl.status).toBe(200);
    const lines = (jsonl.body as string).trimEnd().split("\n");
    const events = lines.map((line) => SessionEvent.parse(JSON.parse(line)));
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.at(-1)?.seq).toBe(t.hub.store.get(session.id)?.lastSeq);

    expect((await t.api("GET", `/api/sessions/${session.id}/export?format=pdf`)).status).toBe(400);
    expect((await t.api("GET", `/api/sessions/nope/export`)).status).toBe(404);
  });
});
