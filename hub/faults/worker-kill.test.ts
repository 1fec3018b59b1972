import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OpenAIResponsesClient } from "@aiflare/core";
import { FakeResponsesServer, responseEvents } from "@aiflare/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WORKER_TOKEN, startTestHub, waitFor, type TestHub } from "../test/helpers.js";
import { spawnWorker, type WorkerProcess } from "../test/worker-process.js";

const ROUNDS = 5;

describe(`a worker killed mid-call, ${ROUNDS} times`, () => {
  let fake: FakeResponsesServer;
  let t: TestHub;
  let dir: string;
  let worker: WorkerProcess | undefined;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "aiflare-faults-worker-"));
    let n = 0;
    // Odd requests ask for a long command; even ones (after the tool output) answer in text.
    fake = await FakeResponsesServer.start((request) => {
      const input = (request.body.input as { type?: string }[] | undefined) ?? [];
      if (input.at(-1)?.type === "function_call_output") return { kind: "stream", events: responseEvents([{ type: "message", text: "weiter" }]) };
      return { kind: "stream", events: responseEvents([{ type: "function_call", name: "shell", arguments: { command: ["bash", "-c", "echo start; sleep 30"] }, callId: `call_${++n}` }]) };
    });
    t = await startTestHub({
      model: { client: new OpenAIResponsesClient({ apiKey: "k", baseURL: fake.baseURL }), defaultModel: "m", conversationMode: "previous_response_id", demo: false },
      workerGraceMs: 1000,
    });
  });
  afterAll(async () => {
    await worker?.kill("SIGKILL");
    await t.close();
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  });

  const start = () => spawnWorker(["--hub", t.hub.url, "--token", WORKER_TOKEN, "--root", dir, "--name", "victim", "--state", join(dir, "state.json")]);

  it("fails the turn within seconds every time; the restarted worker keeps its id and the session goes on", async () => {
    worker = start();
    await worker.waitFor(/connected to/);
    const workerId = t.hub.workers.list()[0]!.id;
    const { id } = (await t.api("POST", "/api/sessions", { workerId, workdir: dir })).body.session as { id: string };
    for (let round = 1; round <= ROUNDS; round++) {
      await t.api("POST", `/api/sessions/${id}/messages`, { text: `runde ${round}` });
      await worker.waitFor(/running shell/);
      await waitFor(() => t.hub.store.eventsAfter(id).events.filter((e) => e.type === "tool_output").length >= round, 10_000, "output of the call");
      await worker.kill("SIGKILL");
      // "Within seconds": the grace is 1 s; waitFor gives up after 15 s.
      await waitFor(() => t.hub.store.eventsAfter(id).events.filter((e) => e.type === "turn_completed").length >= round, 15_000, `turn ${round} to end`);
      const results = t.hub.store.eventsAfter(id).events.filter((e) => e.type === "tool_result");
      expect(results.at(-1)).toMatchObject({ ok: false, error: expect.stringMatching(/disconnected and did not come back|lost this call/) });
      expect(t.hub.store.eventsAfter(id).events.filter((e) => e.type === "turn_completed").at(-1)).toMatchObject({ status: "failed" });
      worker = start();
      await worker.waitFor(/connected to/);
      expect(t.hub.workers.list().map((w) => [w.id, w.status])).toEqual([[workerId, "online"]]);
    }
    expect(t.hub.broker.size).toBe(0);
  });
});
