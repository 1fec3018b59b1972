import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SessionSummary, TerminalExitPayload } from "@aiflare/protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { WORKER_TOKEN, startTestHub, waitFor, type BrowserClient, type TestHub } from "./helpers.js";
import { spawnWorker, type WorkerProcess } from "./worker-process.js";

/** Collects a terminal's output as the browser receives it. */
function screen(browser: BrowserClient) {
  const out = new Map<string, string>();
  const exits: TerminalExitPayload[] = [];
  browser.on("terminal:output", ({ terminalId, data }) => out.set(terminalId, (out.get(terminalId) ?? "") + data));
  browser.on("terminal:exit", (exit) => exits.push(exit));
  return {
    text: (id: string) => out.get(id) ?? "",
    exits,
    waitFor: (id: string, pattern: RegExp) => waitFor(() => pattern.test(out.get(id) ?? ""), 15_000, `${pattern} in terminal output:\n${out.get(id) ?? ""}`),
  };
}

async function open(browser: BrowserClient, sessionId: string, cols = 80, rows = 24): Promise<string> {
  const ack = await browser.emitWithAck("terminal:open", { sessionId, cols, rows });
  if (!ack.ok) throw new Error(ack.error.message);
  return ack.terminalId;
}

describe("terminals on a real worker process", () => {
  let t: TestHub;
  let dir: string;
  let root: string;
  let worker: WorkerProcess;
  let session: SessionSummary;

  async function setup(options: { terminalIdleMs?: number } = {}) {
    t = await startTestHub(options);
    worker = spawnWorker(["--hub", t.hub.url, "--token", WORKER_TOKEN, "--root", root, "--name", "tty", "--state", join(dir, "tty.json")], { SHELL: "/bin/bash", HOME: dir });
    await worker.waitFor(/connected to/);
    const { workerId } = JSON.parse(await readFile(join(dir, "tty.json"), "utf8")) as { workerId: string };
    session = (await t.api("POST", "/api/sessions", { workerId, workdir: root })).body.session as SessionSummary;
  }

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "aiflare-tty-"));
    root = join(dir, "work");
    await mkdir(root);
  });
  afterEach(async () => {
    await worker?.kill("SIGKILL");
    await t?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("runs echo in the workdir, follows a resize (stty size), and keeps several terminals apart", async () => {
    await setup();
    const browser = await t.browser();
    const view = screen(browser);
    const first = await open(browser, session.id, 80, 24);
    const second = await open(browser, session.id, 120, 30);
    expect(first).not.toBe(second);
    await browser.emitWithAck("terminal:input", { terminalId: first, data: "echo hello-$((40+2)) && pwd\r" });
    await view.waitFor(first, /hello-42\r?\n.*work\r?\n/);
    expect(view.text(first)).toContain(root);
    await browser.emitWithAck("terminal:input", { terminalId: second, data: "stty size\r" });
    await view.waitFor(second, /30 120/);
    expect((await browser.emitWithAck("terminal:resize", { terminalId: first, cols: 100, rows: 40 })).ok).toBe(true);
    await browser.emitWithAck("terminal:input", { terminalId: first, data: "stty size\r" });
    await view.waitFor(first, /40 100/);
    expect(view.text(second)).not.toContain("hello-42");
    // Closing one ends its shell and tells the page; the other goes on.
    expect((await browser.emitWithAck("terminal:close", { terminalId: first })).ok).toBe(true);
    await waitFor(() => view.exits.some((e) => e.terminalId === first), 10_000, "exit of the first terminal");
    await browser.emitWithAck("terminal:input", { terminalId: second, data: "echo still-$((1+1))\r" });
    await view.waitFor(second, /still-2/);
    expect((await browser.emitWithAck("terminal:input", { terminalId: first, data: "x" })).ok).toBe(false);
    // A shell that exits on its own is reported with its exit code.
    await browser.emitWithAck("terminal:input", { terminalId: second, data: "exit 3\r" });
    await waitFor(() => view.exits.find((e) => e.terminalId === second), 10_000, "exit of the second terminal");
    expect(view.exits.find((e) => e.terminalId === second)).toMatchObject({ exitCode: 3 });
    expect(t.hub.terminals.size).toBe(0);
  });

  it("redraws for a page that comes back, and closes a terminal nobody views after the idle time", async () => {
    await setup({ terminalIdleMs: 300 });
    const first = await t.browser();
    const terminalId = await open(first, session.id);
    const view = screen(first);
    await first.emitWithAck("terminal:input", { terminalId, data: "echo before-$((2*3))\r" });
    await view.waitFor(terminalId, /before-6/);
    // The page reloads: a new socket attaches within the idle time and gets the screen back.
    first.disconnect();
    const second = await t.browser();
    const attach = await second.emitWithAck("terminal:attach", { terminalId });
    expect(attach).toMatchObject({ ok: true, scrollback: expect.stringContaining("before-6") });
    // Then nobody looks: the terminal ends by itself, and the worker's shell with it.
    second.disconnect();
    await waitFor(() => t.hub.terminals.size === 0, 10_000, "the idle terminal to close");
    await worker.waitFor(new RegExp(`terminal ${terminalId} ended`));
  });

  it("refuses terminals for unknown sessions and offline workers, and bad sizes", async () => {
    await setup();
    const browser = await t.browser();
    const unknown = await browser.emitWithAck("terminal:open", { sessionId: "nope", cols: 80, rows: 24 });
    expect(unknown).toMatchObject({ ok: false, error: { code: "not_found" } });
    const bad = await browser.emitWithAck("terminal:open", { sessionId: session.id, cols: 0, rows: 24 });
    expect(bad).toMatchObject({ ok: false, error: { code: "invalid_request" } });
    const view = screen(browser);
    const terminalId = await open(browser, session.id);
    await worker.kill("SIGKILL");
    await waitFor(() => view.exits.some((e) => e.terminalId === terminalId), 10_000, "terminal ended with its worker");
    expect(view.exits[0]?.reason).toMatch(/worker disconnected/);
    const offline = await browser.emitWithAck("terminal:open", { sessionId: session.id, cols: 80, rows: 24 });
    expect(offline).toMatchObject({ ok: false, error: { code: "worker_unavailable" } });
  });
});
