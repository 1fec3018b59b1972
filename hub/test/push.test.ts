import { readFile } from "node:fs/promises";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FakePushService, FakeResponsesServer, responseEvents } from "@aiflare/core/testing";
import { PROTOCOL_VERSION, PushPayload, type WorkerClientToServerEvents, type WorkerServerToClientEvents } from "@aiflare/protocol";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BROWSER_TOKEN, WORKER_TOKEN, waitFor } from "./helpers.js";
import { processApi, spawnHub, type HubProcess } from "./hub-process.js";

/**
 * Web Push end to end without a browser: the real hub bin in a child process trusts the test's
 * certificate (NODE_EXTRA_CA_CERTS) and sends to a local HTTPS push service, which decrypts
 * each message with the subscription's keys (RFC 8291 aes128gcm).
 */
describe("web push from the hub process", () => {
  let pushService: FakePushService;
  let model: FakeResponsesServer;
  let hub: HubProcess;
  let dataDir: string;
  let worker: Socket<WorkerServerToClientEvents, WorkerClientToServerEvents>;

  beforeAll(async () => {
    pushService = await FakePushService.start();
    model = await FakeResponsesServer.start();
    dataDir = await mkdtemp(join(tmpdir(), "aiflare-push-"));
    hub = await spawnHub(["--data-dir", dataDir], {
      AIFLARE_TOKEN: BROWSER_TOKEN,
      AIFLARE_WORKER_TOKEN: WORKER_TOKEN,
      OPENAI_API_KEY: "sk-test",
      OPENAI_BASE_URL: model.baseURL,
      NODE_EXTRA_CA_CERTS: pushService.certPath,
    });
    worker = connect(`${hub.url}/worker`, { auth: { token: WORKER_TOKEN, name: "push-box", roots: ["/tmp"], version: PROTOCOL_VERSION }, transports: ["websocket"], forceNew: true });
    worker.on("agent_tool_call", (call, ack) => ack({ callId: call.callId, ok: true, output: "hi\n", exitCode: 0, durationMs: 1 }));
    await new Promise<void>((resolve) => worker.once("worker:welcome", () => resolve()));
  });

  afterAll(async () => {
    worker?.disconnect();
    hub?.child.kill("SIGTERM");
    await hub?.exited;
    await Promise.all([pushService?.close(), model?.close()]);
    await rm(dataDir, { recursive: true, force: true });
  });

  it("keeps one VAPID key, notifies for an approval and a finished turn, and drops a 410 subscription", async () => {
    const { body: key } = await processApi(hub.url, "GET", "/api/push/vapid-public-key");
    expect(key.key).toMatch(/^[A-Za-z0-9_-]{80,}$/);
    expect(JSON.parse(await readFile(join(dataDir, "vapid.json"), "utf8"))).toMatchObject({ publicKey: key.key });

    const sub = pushService.subscription();
    expect((await processApi(hub.url, "POST", "/api/push/subscriptions", sub)).status).toBe(201);
    expect((await processApi(hub.url, "POST", "/api/push/subscriptions", { endpoint: "http://plain.example/x", keys: sub.keys })).status).toBe(400);

    const workers = await processApi(hub.url, "GET", "/api/workers");
    const workerId = (workers.body.workers as { id: string; name: string }[]).find((w) => w.name === "push-box")!.id;
    const created = await processApi(hub.url, "POST", "/api/sessions", { workerId, workdir: "/tmp", title: "Sofa-Session", approvalPolicy: "suggest" });
    const sessionId = created.body.session.id as string;

    model.enqueue(
      { kind: "stream", events: responseEvents([{ type: "function_call", name: "shell", arguments: { command: ["bash", "-lc", "echo hi"] }, callId: "call_push" }]) },
      { kind: "stream", events: responseEvents([{ type: "message", text: "Fertig: hi" }]) },
    );
    expect((await processApi(hub.url, "POST", `/api/sessions/${sessionId}/messages`, { text: "run it" })).status).toBe(202);

    const approval = await pushService.waitFor((push) => push.text.includes('"approval"'));
    expect(PushPayload.parse(JSON.parse(approval.text))).toEqual({
      sessionId,
      reason: "approval",
      title: "Sofa-Session: approval needed",
      body: "$ echo hi",
      url: `/sessions/${sessionId}`,
    });
    // VAPID: signed with the key the browser subscribed with; aes128gcm.
    expect(String(approval.headers.authorization)).toMatch(new RegExp(`^vapid t=[\\w-]+\\.[\\w-]+\\.[\\w-]+, k=${key.key}$`));
    expect(approval.headers["content-encoding"]).toBe("aes128gcm");

    expect((await processApi(hub.url, "POST", `/api/sessions/${sessionId}/approvals/call_push`, { decision: "approve" })).status).toBe(200);
    const done = await pushService.waitFor((push) => push.text.includes('"completed"'));
    expect(JSON.parse(done.text)).toEqual({ sessionId, reason: "completed", title: "Sofa-Session: turn completed", body: "Fertig: hi", url: `/sessions/${sessionId}` });

    // A failed turn says so, with the error.
    model.enqueue({ kind: "error", status: 400, body: { error: { message: "kaputt", type: "invalid_request_error" } } });
    await processApi(hub.url, "POST", `/api/sessions/${sessionId}/messages`, { text: "again" });
    const failed = await pushService.waitFor((push) => push.text.includes('"failed"'));
    expect(JSON.parse(failed.text)).toMatchObject({ sessionId, reason: "failed", title: "Sofa-Session: turn failed" });
    expect(JSON.parse(failed.text).body).toContain("kaputt");

    // The push service says the subscription is gone: the hub drops it.
    pushService.answer(sub.endpoint, 410);
    const gone404 = pushService.subscription();
    await processApi(hub.url, "POST", "/api/push/subscriptions", gone404);
    pushService.answer(gone404.endpoint, 404);
    const kept = pushService.subscription();
    await processApi(hub.url, "POST", "/api/push/subscriptions", kept);
    model.enqueue({ kind: "stream", events: responseEvents([{ type: "message", text: "noch da" }]) });
    await processApi(hub.url, "POST", `/api/sessions/${sessionId}/messages`, { text: "once more" });
    await pushService.waitFor((push) => push.path === new URL(kept.endpoint).pathname && push.text.includes("noch da"));
    const stored = await waitFor(async () => {
      const list = JSON.parse(await readFile(join(dataDir, "push-subscriptions.json"), "utf8")) as { endpoint: string }[];
      return list.length === 1 ? list : undefined;
    }, 10_000, "gone subscriptions dropped");
    expect(stored.map((s) => s.endpoint)).toEqual([kept.endpoint]);

    // Unsubscribe.
    const removed = await fetch(`${hub.url}/api/push/subscriptions`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${BROWSER_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ endpoint: kept.endpoint }),
    });
    expect(removed.status).toBe(204);
  });
});
