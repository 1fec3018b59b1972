import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FakeResponsesServer, responseEvents } from "@aiflare/core/testing";
import type { SessionEvent } from "@aiflare/protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BROWSER_TOKEN, WORKER_TOKEN, waitFor } from "./helpers.js";
import { processApi as api, spawnHub, type HubProcess } from "./hub-process.js";
import { spawnWorker, type WorkerProcess } from "./worker-process.js";

type Item = { type?: string; call_id?: string; output?: string };

describe("kill -9 of the hub process while a tool call runs (real bins, real SDK, strict fake)", () => {
  let fake: FakeResponsesServer;
  const hubs: HubProcess[] = [];
  const workers: WorkerProcess[] = [];
  const dirs: string[] = [];

  beforeEach(async () => {
    // The model runs a long command first; once that call is answered, it answers in words.
    fake = await FakeResponsesServer.start((request) => {
      const input = (request.body.input ?? []) as Item[];
      const answered = input.find((item) => item.type === "function_call_output" && item.call_id === "c_sleep");
      if (answered || request.body.previous_response_id) {
        return { kind: "stream", events: responseEvents([{ type: "message", text: `Weiter. Der Befehl endete mit: ${answered?.output ?? "?"}` }]) };
      }
      return { kind: "stream", events: responseEvents([{ type: "function_call", name: "shell", arguments: { command: ["sleep", "30"] }, callId: "c_sleep" }]) };
    });
  });
  afterEach(async () => {
    for (const worker of workers.splice(0)) await worker.kill("SIGKILL");
    for (const hub of hubs.splice(0)) {
      if (hub.child.exitCode === null && hub.child.signalCode === null) hub.child.kill("SIGKILL");
      await hub.exited;
    }
    await fake.close();
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  for (const mode of ["stateless", "previous_response_id"] as const) {
    it(`the next prompt after the restart is answered; the dangling call is "aborted: the hub restarted" (${mode})`, async () => {
      const dir = await mkdtemp(join(tmpdir(), "aiflare-crash-tool-"));
      dirs.push(dir);
      const env = {
        AIFLARE_TOKEN: BROWSER_TOKEN,
        AIFLARE_WORKER_TOKEN: WORKER_TOKEN,
        OPENAI_API_KEY: "sk-test",
        OPENAI_BASE_URL: fake.baseURL,
        AIFLARE_MODEL: "fake-model",
        AIFLARE_CONVERSATION_MODE: mode,
      };
      const startBoth = async () => {
        const hub = await spawnHub(["--data-dir", join(dir, "data")], env);
        hubs.push(hub);
        const worker = spawnWorker(["--hub", hub.url, "--token", WORKER_TOKEN, "--root", dir, "--name", "box", "--state", join(dir, "worker.json")]);
        workers.push(worker);
        await worker.waitFor(/connected to/);
        return { hub, worker };
      };

      let { hub } = await startBoth();
      const worker = workers[0]!;
      const workerId = ((await api(hub.url, "GET", "/api/workers")).body.workers as { id: string }[])[0]!.id;
      const session = (await api(hub.url, "POST", "/api/sessions", { workerId, workdir: dir })).body.session as { id: string };
      expect((await api(hub.url, "POST", `/api/sessions/${session.id}/messages`, { text: "schlaf eine Weile" })).status).toBe(202);
      // The call runs on the worker and the conversation holding it is on disk: now the hub dies.
      await worker.waitFor(/sleep/);
      const saved = join(dir, "data", "conversations", `${session.id}.jsonl`);
      await waitFor(async () => (await readFile(saved, "utf8").catch(() => "")).includes("c_sleep"), 10_000, "the conversation with the call saved");
      hub.child.kill("SIGKILL");
      expect(await hub.exited).toBe("SIGKILL");
      await worker.kill("SIGKILL");

      ({ hub } = await startBoth());
      expect((await api(hub.url, "POST", `/api/sessions/${session.id}/messages`, { text: "und jetzt?" })).status).toBe(202);
      const events = await waitFor(async () => {
        const all = (await api(hub.url, "GET", `/api/sessions/${session.id}/history`)).body.events as SessionEvent[];
        return all.filter((e) => e.type === "turn_completed").length >= 2 ? all : undefined;
      }, 30_000, "the turn after the restart");

      expect(events.filter((e) => e.type === "turn_completed").map((e) => e.type === "turn_completed" && e.status)).toEqual(["failed", "completed"]);
      expect(events.find((e) => e.type === "tool_result" && e.callId === "c_sleep")).toMatchObject({ ok: false, error: "aborted: the hub restarted" });
      const transcript = (await api(hub.url, "GET", `/api/sessions/${session.id}/transcript`)).body.messages as { role: string; text: string }[];
      expect(transcript.at(-1)).toEqual(expect.objectContaining({ role: "assistant", text: "Weiter. Der Befehl endete mit: aborted: the hub restarted" }));
      expect(fake.refused).toEqual([]);
      const last = fake.requests.at(-1)!.body;
      expect(last.input).toContainEqual({ type: "function_call_output", call_id: "c_sleep", output: "aborted: the hub restarted" });
      expect(last.store).toBe(mode === "previous_response_id");
    }, 90_000); // two hub and two worker processes start: slow on a loaded machine
  }
});
