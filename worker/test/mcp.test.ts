import { writeFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { McpToolInfo } from "@aiflare/protocol";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadMcpConfig } from "../src/mcp/config.js";
import { McpManager } from "../src/mcp/manager.js";
import { mcpToolName } from "../src/mcp/names.js";
import { writeMcpFixtureServer } from "./mcp-fixture.js";

/** Polls until `check` is truthy. */
async function until<T>(check: () => T, what: string, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("MCP client on the worker (real stdio server built with the SDK)", () => {
  let dir: string;
  let server: string;
  const started: McpManager[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "aiflare-mcp-"));
    server = await writeMcpFixtureServer(dir);
  });
  afterEach(async () => {
    await Promise.all(started.splice(0).map((m) => m.stop()));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** A manager with the fixture server as `fx`, its log lines and every tool list it announced. */
  async function startFx(): Promise<{ m: McpManager; log: string[]; changes: McpToolInfo[][] }> {
    const log: string[] = [];
    const changes: McpToolInfo[][] = [];
    const m = new McpManager(
      { fx: { command: process.execPath, args: [server] } },
      { log: (line) => log.push(line), onChange: (tools) => changes.push(tools), backoff: { baseMs: 50, maxMs: 200 } },
    );
    started.push(m);
    await m.start();
    return { m, log, changes };
  }

  const call = (m: McpManager, tool: string, args: Record<string, unknown> = {}, timeoutMs = 10_000, signal = new AbortController().signal) =>
    m.call({ callId: `c-${tool}`, tool, args, timeoutMs, signal });

  it("lists the tools (mcp__SERVER__TOOL, with schemas) and keeps the server's stderr in the log; calls with arguments; a tool that throws, bad arguments, an unknown tool, a timeout and a cancel are clear errors; other content is summarised; progress streams", async () => {
    const { m, log, changes } = await startFx();
    const add = m.tools().find((tool) => tool.name === "mcp__fx__add");
    expect(add).toMatchObject({ description: "Adds two numbers", inputSchema: { type: "object", properties: { a: { type: "number", description: "the first number" }, b: { type: "number" } }, required: ["a", "b"] } });
    expect(m.tools().map((tool) => tool.name)).toEqual(["mcp__fx__add", "mcp__fx__fail", "mcp__fx__crash", "mcp__fx__pid", "mcp__fx__slow", "mcp__fx__mixed", "mcp__fx__touch", "mcp__fx__grow", "mcp__fx__steps"]);
    expect(changes).toHaveLength(1);
    await until(() => log.some((line) => /^\[mcp fx\] fixture server up \(pid \d+\)$/.test(line)), "the stderr line");
    expect(await call(m, "mcp__fx__add", { a: 2, b: 40 })).toMatchObject({ ok: true, output: "sum: 42" });
    const failed = await call(m, "mcp__fx__fail", { why: "no reason" });
    expect(failed).toMatchObject({ ok: false, error: "the MCP tool reported an error", output: expect.stringContaining("refused: no reason") });
    expect(await call(m, "mcp__fx__add", { a: "two" })).toMatchObject({ ok: false, output: expect.stringMatching(/invalid|expected number/i) });
    expect(await call(m, "mcp__fx__nope")).toMatchObject({ ok: false, error: expect.stringContaining('unknown MCP tool "mcp__fx__nope"; this worker offers mcp__fx__add') });
    expect(await call(m, "mcp__fx__mixed")).toMatchObject({ ok: true, output: "a picture:\n[image: image/png, 10 bytes]\n[resource link: file:///tmp/x.txt (x.txt)]" });
    const live: string[] = [];
    const ack = join(dir, "progress-ack");
    const onOutput = (text: string) => {
      live.push(text);
      writeFileSync(ack, "");
    };
    const result = await m.call({ callId: "p", tool: "mcp__fx__steps", args: { ack }, timeoutMs: 10_000, signal: new AbortController().signal, onOutput });
    expect(result).toMatchObject({ ok: true, output: "steps done" });
    expect(live.join("")).toBe("progress 1/2: half way\n");

    // A timeout and a cancel are clear errors, and the server is fine afterwards.
    expect(await call(m, "mcp__fx__slow", { ms: 5000 }, 200)).toMatchObject({ ok: false, error: "timed out after 0s waiting for the MCP server fx" });
    const controller = new AbortController();
    const pending = call(m, "mcp__fx__slow", { ms: 5000 }, 10_000, controller.signal);
    setTimeout(() => controller.abort(new Error("canceled")), 50);
    expect(await pending).toMatchObject({ ok: false, error: "canceled" });
    expect(await call(m, "mcp__fx__add", { a: 1, b: 1 })).toMatchObject({ ok: true, output: "sum: 2" });
  });

  it("restarts a server that crashes, and the next call reaches the new process", async () => {
    const { m, log } = await startFx();
    const before = (await call(m, "mcp__fx__pid")).output;
    expect(await call(m, "mcp__fx__crash")).toMatchObject({ ok: false, error: "the MCP server fx exited during the call (it is being restarted)" });
    // This call waits for the restart instead of failing.
    const after = await call(m, "mcp__fx__pid");
    expect(after).toMatchObject({ ok: true });
    expect(after.output).toMatch(/^\d+$/);
    expect(after.output).not.toBe(before);
    expect(log.some((line) => /^\[mcp fx\] exited; restarting in 0\.\ds$/.test(line))).toBe(true);
    expect(log.filter((line) => line.includes("fixture server up")).length).toBeGreaterThanOrEqual(2);
  });

  it("announces again when the server says tools/list_changed", async () => {
    const { m, changes } = await startFx();
    expect(await call(m, "mcp__fx__grow")).toMatchObject({ ok: true, output: "grown" });
    const latest = await until(() => changes.find((tools) => tools.some((tool) => tool.name === "mcp__fx__extra")), "a new tool list");
    expect(latest.at(-1)).toMatchObject({ name: "mcp__fx__extra", description: "A tool that came later" });
    expect(await call(m, "mcp__fx__extra")).toMatchObject({ ok: true, output: "extra!" });
  });

  it("keeps retrying a server that cannot start, with backoff, and says why", async () => {
    const log: string[] = [];
    const manager = new McpManager({ broken: { command: join(dir, "no-such-server") } }, { log: (line) => log.push(line), backoff: { baseMs: 20, maxMs: 40 } });
    started.push(manager);
    await manager.start();
    expect(manager.tools()).toEqual([]);
    await until(() => log.filter((line) => line.startsWith("[mcp broken] failed to start; restarting in")).length >= 2, "two retries");
    expect(log.find((line) => line.startsWith("[mcp broken] could not start"))).toContain("no-such-server");
    expect(await manager.call({ callId: "x", tool: "mcp__broken__any", args: {}, timeoutMs: 100, signal: new AbortController().signal })).toMatchObject({ ok: false, error: expect.stringContaining("unknown MCP tool") });
  });

  it("names tools within the model API's rules", () => {
    expect(mcpToolName("git hub", "create.issue")).toBe("mcp__git_hub__create_issue");
    const long = mcpToolName("server", "x".repeat(80));
    expect(long).toMatch(/^mcp__server__x+_[0-9a-f]{8}$/);
    expect(long).toHaveLength(64);
    expect(mcpToolName("server", `${"x".repeat(80)}y`)).not.toBe(long);
  });

  it("reads the config format other agents use, skipping remote and disabled servers, refusing typos", async () => {
    const file = join(dir, "mcp.json");
    await writeFile(file, JSON.stringify({ mcpServers: { fx: { command: "node", args: ["s.js"], env: { A: "1" } }, remote: { url: "https://example.invalid/mcp" }, off: { command: "x", disabled: true } } }));
    expect(await loadMcpConfig(file)).toEqual({ servers: { fx: { command: "node", args: ["s.js"], env: { A: "1" } } }, skipped: ["remote: only stdio servers (with a \"command\") are supported", "off: disabled"] });
    await writeFile(file, JSON.stringify({ mcpServers: { fx: { comand: "node" } } }));
    await expect(loadMcpConfig(file)).rejects.toThrow(/server "fx": command/);
    await writeFile(file, "{nope");
    await expect(loadMcpConfig(file)).rejects.toThrow(/--mcp-config/);
  });
});
