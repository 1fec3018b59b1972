import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { FakeResponsesServer } from "@aiflare/core/testing";
import { test as base, expect, type Page } from "@playwright/test";
import { writeMcpFixtureServer } from "../../worker/test/mcp-fixture.js";
import { createBrain } from "./brain.js";

const repo = fileURLToPath(new URL("../..", import.meta.url));
export const TOKEN = "e2e-browser-token-0123456789";
const WORKER_TOKEN = "e2e-worker-token-0123456789";

/** The whole product for one test file: fake model, real hub process, real worker process. */
export interface Stack {
  url: string;
  root: string;
  /** The fake model: its recorded requests show what the hub sent. */
  fake: FakeResponsesServer;
}

function startProcess(args: string[], env: Record<string, string>, ready?: RegExp): Promise<{ child: ChildProcess; output: () => string; url?: string }> {
  const child = spawn(process.execPath, args, { env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout?.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr?.on("data", (c: Buffer) => (out += c.toString()));
  return new Promise((resolve, reject) => {
    if (!ready) return resolve({ child, output: () => out });
    const timer = setTimeout(() => reject(new Error(`did not start:\n${out}`)), 20_000);
    child.stdout?.on("data", () => {
      const match = ready.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ child, output: () => out, ...(match[1] ? { url: match[1] } : {}) });
      }
    });
    child.once("exit", (code) => reject(new Error(`exited ${code}:\n${out}`)));
  });
}

/** SIGTERM, then wait for the exit (the hub flushes its logs first). */
function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

/** An MCP config with one real stdio server (`fx`, built with the SDK) for the worker. */
async function mcpConfig(dir: string): Promise<string> {
  const script = await writeMcpFixtureServer(dir);
  const file = join(dir, "mcp.json");
  await writeFile(file, JSON.stringify({ mcpServers: { fx: { command: process.execPath, args: [script] } } }));
  return file;
}

export const test = base.extend<{ consoleLog: string[] }, { stack: Stack; hubEnv: Record<string, string> }>({
  /** Extra environment for the hub process (a spec file overrides it, e.g. NODE_EXTRA_CA_CERTS). */
  hubEnv: [{}, { option: true, scope: "worker" }],
  stack: [
    async ({ hubEnv }, use) => {
      const dir = await mkdtemp(join(tmpdir(), "aiflare-e2e-"));
      const fake = await FakeResponsesServer.start(createBrain());
      const hub = await startProcess(
        [join(repo, "hub/dist/bin.js"), "--port", "0", "--data-dir", join(dir, "data")],
        { AIFLARE_TOKEN: TOKEN, AIFLARE_WORKER_TOKEN: WORKER_TOKEN, OPENAI_API_KEY: "sk-e2e", OPENAI_BASE_URL: fake.baseURL, AIFLARE_MODEL: "fake-e2e", AIFLARE_LOG_LEVEL: "warn", ...hubEnv },
        /listening on (http:\/\/\S+)/,
      );
      const worker = await startProcess(
        [join(repo, "worker/dist/bin.js"), "--hub", hub.url!, "--token", WORKER_TOKEN, "--root", dir, "--name", "e2e-box", "--state", join(dir, "worker.json"), "--mcp-config", await mcpConfig(dir)],
        {},
        /connected to/,
      );
      await use({ url: hub.url!, root: dir, fake });
      await Promise.all([stop(worker.child), stop(hub.child)]);
      await fake.close();
      await rm(dir, { recursive: true, force: true });
    },
    { scope: "worker" },
  ],
  // The page's console and errors, attached to the report of every failing test (auto: every
  // test gets it, whether or not it asks for it).
  consoleLog: [
    async ({ page }, use, testInfo) => {
      const lines: string[] = [];
      page.on("console", (message) => lines.push(`[${message.type()}] ${message.text()}`));
      page.on("pageerror", (error) => lines.push(`[pageerror] ${error.message}`));
      await use(lines);
      if (testInfo.status !== testInfo.expectedStatus) await testInfo.attach("console.txt", { body: lines.join("\n"), contentType: "text/plain" });
    },
    { auto: true },
  ],
});

export { expect };

/** Opens the UI with the token in the URL, as the hub's start line prints it. */
export async function openHub(page: Page, stack: Stack): Promise<void> {
  await page.goto(`${stack.url}/?token=${TOKEN}`);
  await expect(page.getByTestId("connection-status")).toHaveAttribute("data-state", "connected");
  await expect(page.getByTestId("worker-item").filter({ hasText: "e2e-box" })).toHaveAttribute("data-status", "online");
}

/** Creates a session through the form and waits until it is shown. */
export async function newSession(page: Page, options: { title: string; policy?: "full-auto" | "auto-edit" | "suggest" }): Promise<void> {
  await page.getByTestId("new-session").click();
  await page.getByTestId("session-title").fill(options.title);
  if (options.policy) await page.getByTestId("session-policy").selectOption(options.policy);
  await page.getByTestId("session-create").click();
  await expect(page.getByTestId("session-view").locator("h1")).toHaveText(options.title);
}

/** Types a prompt and sends it with Enter. */
export async function say(page: Page, text: string): Promise<void> {
  await page.getByTestId("composer-input").fill(text);
  await page.getByTestId("composer-input").press("Enter");
}

/** Waits until the shown session is idle again. */
export async function idle(page: Page): Promise<void> {
  await expect(page.getByTestId("session-status")).toHaveAttribute("data-status", /waiting|error/, { timeout: 20_000 });
}
