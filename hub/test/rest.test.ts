import { afterEach, describe, expect, it } from "vitest";
import { BROWSER_TOKEN, WORKER_TOKEN, startTestHub, waitFor, type TestHub } from "./helpers.js";

describe("REST", () => {
  let t: TestHub;
  afterEach(async () => t?.close());

  it("serves health without a token and refuses everything else without a valid one", async () => {
    t = await startTestHub();
    expect(await t.api("GET", "/api/health", undefined, { token: null })).toEqual({ status: 200, body: { ok: true, version: expect.any(String) } });
    for (const [method, path] of [
      ["GET", "/api/sessions"],
      ["GET", "/api/workers"],
      ["POST", "/api/sessions"],
      ["GET", "/api/sessions/x/history"],
      ["GET", "/api/active-session?context=a"],
      ["GET", "/api/no-such-route"],
    ] as const) {
      for (const token of [null, "wrong", WORKER_TOKEN]) {
        const res = await t.api(method, path, undefined, { token });
        expect(res.status, `${method} ${path} with ${token}`).toBe(401);
        expect(res.body.error.code).toBe("unauthorized");
      }
    }
    const badScheme = await fetch(`${t.hub.url}/api/sessions`, { headers: { authorization: `Basic ${BROWSER_TOKEN}` } });
    expect(badScheme.status).toBe(401);
  });

  it("creates, lists and reads sessions on an online worker inside its roots", async () => {
    t = await startTestHub();
    const { workerId } = await t.worker({ roots: ["/srv/code", "/tmp"] });
    const created = await t.api("POST", "/api/sessions", { workerId, workdir: "/srv/code/app/", title: "first" });
    expect(created.status).toBe(201);
    expect(created.body.session).toMatchObject({
      workerId,
      workdir: "/srv/code/app",
      title: "first",
      model: "offline-demo",
      approvalPolicy: "full-auto",
      status: "waiting",
      lastSeq: 0,
    });
    const id = created.body.session.id;
    expect((await t.api("GET", `/api/sessions/${id}`)).body.session.id).toBe(id);
    expect((await t.api("GET", "/api/sessions")).body.sessions.map((s: { id: string }) => s.id)).toEqual([id]);
    expect(await t.api("GET", `/api/sessions/${id}/history`)).toEqual({ status: 200, body: { sessionId: id, lastSeq: 0, events: [] } });
    expect(await t.api("GET", `/api/sessions/${id}/transcript`)).toEqual({ status: 200, body: { sessionId: id, messages: [] } });
    const workers = await t.api("GET", "/api/workers");
    expect(workers.body.workers).toEqual([
      { id: workerId, name: "test-worker", status: "online", roots: ["/srv/code", "/tmp"], lastSeen: expect.any(String) },
    ]);
  });

  it("answers bad bodies with 400 and field paths, malformed JSON included", async () => {
    t = await startTestHub();
    const bad = await t.api("POST", "/api/sessions", { workerId: 5, workdir: "", approvalPolicy: "yolo", extra: true });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("invalid_request");
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(["(root)", "approvalPolicy", "workdir", "workerId"]);

    const malformed = await t.api("POST", "/api/sessions", undefined, { rawBody: '{"workerId": ' });
    expect(malformed).toMatchObject({ status: 400, body: { error: { code: "invalid_request", message: "malformed JSON body" } } });

    const missing = await t.api("POST", "/api/sessions");
    expect(missing.status).toBe(400);
    expect(missing.body.error.details).toEqual([{ path: "(root)", message: expect.any(String) }]);

    const wrongType = await t.api("POST", "/api/sessions", undefined, { rawBody: "<xml/>", contentType: "application/xml" });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.code).toBe("invalid_request");
  });

  it("refuses unknown and offline workers and workdirs outside the roots", async () => {
    t = await startTestHub();
    const unknown = await t.api("POST", "/api/sessions", { workerId: "ghost", workdir: "/tmp" });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details).toEqual([{ path: "workerId", message: expect.any(String) }]);

    const { socket, workerId } = await t.worker({ roots: ["/srv/code"] });
    for (const workdir of ["/srv/codebase", "/srv", "/srv/code/../../etc", "relative/dir"]) {
      const res = await t.api("POST", "/api/sessions", { workerId, workdir });
      expect(res.status, workdir).toBe(400);
      expect(res.body.error.details[0].path).toBe("workdir");
    }
    socket.disconnect();
    await waitFor(() => t.hub.workers.get(workerId)?.status === "offline", 5000, "worker offline");
    const offline = await t.api("POST", "/api/sessions", { workerId, workdir: "/srv/code" });
    expect(offline.status).toBe(409);
    expect(offline.body.error.code).toBe("worker_unavailable");
  });

  it("answers 404 for unknown sessions on every session route", async () => {
    t = await startTestHub();
    for (const [method, path, body] of [
      ["GET", "/api/sessions/nope", undefined],
      ["GET", "/api/sessions/nope/transcript", undefined],
      ["GET", "/api/sessions/nope/history?afterSeq=3", undefined],
      ["POST", "/api/sessions/nope/messages", { text: "hi" }],
      ["POST", "/api/sessions/nope/cancel", undefined],
      ["POST", "/api/sessions/nope/approvals/c1", { decision: "approve" }],
      ["PUT", "/api/active-session", { context: "c", sessionId: "nope" }],
    ] as const) {
      const res = await t.api(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body.error.code).toBe("not_found");
    }
    expect((await t.api("GET", "/api/nothing-here")).status).toBe(404);
  });

  it("answers 413 for a body over the limit and keeps serving", async () => {
    t = await startTestHub({ bodyLimit: 16 * 1024 });
    const session = await t.session();
    const big = await t.api("POST", `/api/sessions/${session.id}/messages`, { text: "x".repeat(20 * 1024) });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe("payload_too_large");
    expect((await t.api("GET", "/api/health")).status).toBe(200);
  });

  it("uses a 1 MiB body limit by default", async () => {
    t = await startTestHub();
    const session = await t.session();
    const res = await t.api("POST", `/api/sessions/${session.id}/messages`, { text: "x".repeat(1024 * 1024 + 10) });
    expect(res.status).toBe(413);
  });

  it("validates messages, history queries, cancel and approvals", async () => {
    t = await startTestHub();
    const { id } = await t.session();
    expect((await t.api("POST", `/api/sessions/${id}/messages`, { text: "   " })).status).toBe(400);
    expect((await t.api("POST", `/api/sessions/${id}/messages`, { text: "hi", extra: 1 })).status).toBe(400);
    const history = await t.api("GET", `/api/sessions/${id}/history?afterSeq=-2`);
    expect(history.status).toBe(400);
    expect(history.body.error.details[0].path).toBe("afterSeq");
    expect(await t.api("POST", `/api/sessions/${id}/cancel`)).toEqual({ status: 200, body: { canceled: false } });
    expect((await t.api("POST", `/api/sessions/${id}/approvals/c1`, { decision: "maybe" })).status).toBe(400);
    expect((await t.api("POST", `/api/sessions/${id}/approvals/c1`, { decision: "approve" })).status).toBe(404);
  });

  it("keeps the active session per context, across a restart", async () => {
    t = await startTestHub();
    const { id } = await t.session();
    expect(await t.api("GET", "/api/active-session?context=editor")).toEqual({ status: 200, body: { context: "editor", sessionId: null } });
    expect((await t.api("GET", "/api/active-session")).status).toBe(400);
    expect((await t.api("PUT", "/api/active-session", { context: "", sessionId: id })).status).toBe(400);
    expect(await t.api("PUT", "/api/active-session", { context: "editor", sessionId: id })).toEqual({
      status: 200,
      body: { context: "editor", sessionId: id },
    });
    expect(t.hub.activeSessions.listContexts()).toEqual([{ context: "editor", sessionId: id }]);
    const dataDir = t.dataDir;
    await t.hub.close();
    const again = await startTestHub({ dataDir });
    try {
      expect((await again.api("GET", "/api/active-session?context=editor")).body.sessionId).toBe(id);
      expect((await again.api("GET", `/api/sessions/${id}`)).body.session.id).toBe(id);
      expect((await again.api("GET", "/api/workers")).body.workers[0].status).toBe("offline");
    } finally {
      await again.close();
    }
  });
});

describe("failed token attempts", () => {
  let t: TestHub;
  afterEach(async () => t?.close());

  it("answers 429 with retry-after after too many, on REST and both namespaces, until the window passes", async () => {
    t = await startTestHub({ authFailureLimit: { limit: 5, windowMs: 1500 } });
    for (let i = 0; i < 5; i++) expect((await t.api("GET", "/api/sessions", undefined, { token: `guess-${i}` })).status).toBe(401);
    const blocked = await fetch(`${t.hub.url}/api/sessions`, { headers: { authorization: "Bearer guess-6" } });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await blocked.json()).toMatchObject({ error: { code: "rate_limited" } });
    // Even the right token waits: guessing must not get faster by luck.
    expect((await t.api("GET", "/api/sessions")).status).toBe(429);
    expect((await t.api("GET", "/api/health", undefined, { token: null })).status).toBe(200);
    const { io: connect } = await import("socket.io-client");
    for (const [path, auth] of [
      ["/browser", { token: BROWSER_TOKEN }],
      ["/worker", { token: WORKER_TOKEN, name: "w", roots: ["/tmp"], version: 1 }],
    ] as const) {
      const code = await new Promise<string | undefined>((resolve) => {
        const socket = connect(`${t.hub.url}${path}`, { auth, transports: ["websocket"], forceNew: true, reconnection: false });
        socket.once("connect", () => {
          socket.disconnect();
          resolve("connected");
        });
        socket.once("connect_error", (error: Error & { data?: { code?: string } }) => {
          socket.disconnect();
          resolve(error.data?.code);
        });
      });
      expect(code, path).toBe("rate_limited");
    }
    await waitFor(async () => (await t.api("GET", "/api/sessions")).status === 200, 5000, "the window to pass");
  });
});
