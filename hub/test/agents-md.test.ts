import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OpenAIResponsesClient } from "@aiflare/core";
import { FakeResponsesServer, responseEvents } from "@aiflare/core/testing";
import type { SessionEvent, SessionSummary } from "@aiflare/protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AGENTS_MD_NOTICE_PREFIX } from "../src/agent/project-instructions.js";
import { WORKER_TOKEN, startTestHub, waitFor, type TestHub } from "./helpers.js";
import { spawnWorker, type WorkerProcess } from "./worker-process.js";

describe("AGENTS.md reaches every request's instructions (real worker, real SDK, fake Responses server)", () => {
  let dir: string;
  let fake: FakeResponsesServer;
  let t: TestHub | undefined;
  let worker: WorkerProcess | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "aiflare-agents-hub-"));
    fake = await FakeResponsesServer.start(() => ({ kind: "stream", events: responseEvents([{ type: "message", text: "ok" }]) }));
  });
  afterEach(async () => {
    await worker?.kill();
    await t?.close();
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  });

  const model = () => ({ client: new OpenAIResponsesClient({ apiKey: "sk-test", baseURL: fake.baseURL }), defaultModel: "fake-model", conversationMode: "previous_response_id" as const, demo: false });
  const instructionsOf = (index: number) => (fake.requests[index]?.body.instructions as string | undefined) ?? "";

  async function turn(t: TestHub, id: string, text: string, count: number): Promise<SessionEvent[]> {
    expect((await t.api("POST", `/api/sessions/${id}/messages`, { text })).status).toBe(202);
    return waitFor(() => {
      const events = t.hub.store.eventsAfter(id).events;
      return events.filter((e) => e.type === "turn_completed").length >= count ? events : undefined;
    }, 15_000, `${count} turns`);
  }

  it("outer files before inner ones, capped at 32 KiB, re-read each turn, announced once", async () => {
    const home = join(dir, "home");
    const repo = join(dir, "repo");
    const workdir = join(repo, "pkg", "app");
    await mkdir(join(home, ".aiflare"), { recursive: true });
    await mkdir(join(repo, ".git"), { recursive: true });
    await mkdir(workdir, { recursive: true });
    await writeFile(join(home, ".aiflare", "AGENTS.md"), "Rule from home: answer in English.\n");
    await writeFile(join(repo, "AGENTS.md"), "Rule from the root: run npm test.\n");
    await writeFile(join(repo, "pkg", "AGENTS.md"), `Rule from pkg.\n${"filler line\n".repeat(3000)}`);
    await writeFile(join(workdir, "AGENTS.md"), "Rule from app: never seen, the cap is spent.\n");
    t = await startTestHub({ model: model() });
    worker = spawnWorker(["--hub", t.hub.url, "--token", WORKER_TOKEN, "--root", dir, "--name", "box", "--state", join(dir, "w.json")], { HOME: home });
    await worker.waitFor(/connected to/);
    const { workerId } = JSON.parse(await readFile(join(dir, "w.json"), "utf8")) as { workerId: string };
    const session = (await t.api("POST", "/api/sessions", { workerId, workdir })).body.session as SessionSummary;

    await turn(t, session.id, "hello", 1);
    const first = instructionsOf(0);
    expect(first).toContain("You are a coding agent");
    const order = ["Rule from home", "Rule from the root", "Rule from pkg"].map((rule) => first.indexOf(rule));
    expect(order.every((at) => at > 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(first).not.toContain("Rule from app");
    expect(first).toMatch(/cut at 32 KiB; not included: the rest of .*pkg\/AGENTS\.md, .*app\/AGENTS\.md\]/);

    await writeFile(join(repo, "AGENTS.md"), "Rule from the root, edited: run npm run lint too.\n");
    const events = await turn(t, session.id, "again", 2);
    expect(instructionsOf(1)).toContain("run npm run lint too");
    const notices = events.filter((e) => e.type === "notice" && e.text.startsWith(AGENTS_MD_NOTICE_PREFIX));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ level: "info" });
    expect((notices[0] as { text: string }).text).toContain(join(repo, "pkg", "AGENTS.md"));
    expect((notices[0] as { text: string }).text).toContain("(cut at 32 KiB)");
  });

  it("local mode reads the chain in the hub", async () => {
    const repo = join(dir, "repo");
    await mkdir(join(repo, "sub"), { recursive: true });
    await mkdir(join(repo, ".git"));
    await writeFile(join(repo, "AGENTS.md"), "OUTER\n");
    await writeFile(join(repo, "sub", "AGENTS.md"), "INNER\n");
    t = await startTestHub({ model: model(), localWorker: { roots: [dir] } });
    const session = (await t.api("POST", "/api/sessions", { workerId: "local", workdir: join(repo, "sub") })).body.session as SessionSummary;
    await turn(t, session.id, "hello", 1);
    expect(instructionsOf(0).indexOf("OUTER")).toBeGreaterThan(0);
    expect(instructionsOf(0).indexOf("OUTER")).toBeLessThan(instructionsOf(0).indexOf("INNER"));
  });
});
