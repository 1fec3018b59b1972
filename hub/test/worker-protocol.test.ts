import { OpenAIResponsesClient } from "@aiflare/core";
import { FakeResponsesServer, responseEvents } from "@aiflare/core/testing";
import { afterEach, describe, expect, it } from "vitest";
import { startTestHub, waitFor, type TestHub, type WorkerClient } from "./helpers.js";

/** Emits a raw event with an ack (bypassing the typed map). */
function raw(socket: WorkerClient, event: string, payload: unknown): Promise<any> {
  return (socket as unknown as { timeout(ms: number): { emitWithAck(e: string, p: unknown): Promise<unknown> } }).timeout(2000).emitWithAck(event, payload);
}

describe("/worker payloads", () => {
  let t: TestHub;
  let fake: FakeResponsesServer | undefined;
  afterEach(async () => {
    await t?.close();
    await fake?.close();
  });

  it("rejects malformed worker events and results, and keeps serving", async () => {
    fake = await FakeResponsesServer.start();
    t = await startTestHub({ model: { client: new OpenAIResponsesClient({ apiKey: "k", baseURL: fake.baseURL }), defaultModel: "m", conversationMode: "previous_response_id", demo: false } });
    const { socket, workerId } = await t.worker();
    for (const bad of [null, "x", { callId: 1 }, { callId: "c", ok: "yes", output: "", durationMs: 1, sessionId: "s" }]) {
      expect(await raw(socket, "tool:result", bad)).toMatchObject({ ok: false, error: { code: "invalid_request" } });
    }
    expect(await raw(socket, "worker:resume", { running: "all" })).toMatchObject({ ok: false, error: { code: "invalid_request" } });
    // A well-formed result for a call nobody waits for is acknowledged and ignored.
    expect(await raw(socket, "tool:result", { callId: "ghost", sessionId: "s", ok: true, output: "", durationMs: 1 })).toEqual({ ok: true });
    socket.emit("tool:output", { garbage: true } as never);
    socket.emit("tool:output", { callId: "ghost", sessionId: "nope", stream: "stdout", chunk: "x" });

    // A worker that answers agent_tool_call with garbage gives the model a clear error, not a crash.
    socket.on("agent_tool_call", (_payload, ack) => (ack as unknown as (x: unknown) => void)({ nonsense: true }));
    const created = await t.api("POST", "/api/sessions", { workerId, workdir: "/tmp" });
    const id = created.body.session.id as string;
    fake.enqueue(
      { kind: "stream", events: responseEvents([{ type: "function_call", name: "shell", arguments: { command: ["ls"] }, callId: "c1" }]) },
      { kind: "stream", events: responseEvents([{ type: "message", text: "ok" }]) },
    );
    await t.api("POST", `/api/sessions/${id}/messages`, { text: "go" });
    await waitFor(() => t.hub.store.eventsAfter(id).events.some((e) => e.type === "turn_completed"), 10_000, "turn");
    expect(t.hub.store.eventsAfter(id).events.find((e) => e.type === "tool_result")).toMatchObject({ ok: false, error: "the worker sent a malformed result" });
    expect(t.hub.store.eventsAfter(id).events.some((e) => e.type === "tool_output")).toBe(false);
    expect(socket.connected).toBe(true);
    expect((await t.api("GET", "/api/health")).status).toBe(200);
  });
});
