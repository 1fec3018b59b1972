import { writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";

const require = createRequire(import.meta.url);

/**
 * Writes a real stdio MCP server, built with the official SDK, into `dir` and returns the
 * path (run it with `node PATH`). Its tools: `add {a, b}`, `fail {why}` (the tool throws),
 * `crash` (the process exits mid-call), `pid`, `slow {ms}`, `mixed` (text, image and a
 * resource link), `touch {path}` (creates a file), `grow` (adds a tool `extra`: the server
 * sends tools/list_changed), `steps {ack}` (reports progress, then waits for the file named by ack). It prints a line on stderr at start.
 */
export async function writeMcpFixtureServer(dir: string): Promise<string> {
  const mcp = JSON.stringify(require.resolve("@modelcontextprotocol/sdk/server/mcp.js"));
  const stdio = JSON.stringify(require.resolve("@modelcontextprotocol/sdk/server/stdio.js"));
  const zod = JSON.stringify(require.resolve("zod"));
  const source = `"use strict";
const { McpServer } = require(${mcp});
const { StdioServerTransport } = require(${stdio});
const { z } = require(${zod});
const { existsSync, writeFileSync } = require("node:fs");

const server = new McpServer({ name: "fixture", version: "1.0.0" });
const text = (value) => ({ content: [{ type: "text", text: String(value) }] });
server.registerTool("add", { description: "Adds two numbers", inputSchema: { a: z.number().describe("the first number"), b: z.number() } }, async ({ a, b }) => text("sum: " + (a + b)));
server.registerTool("fail", { description: "Always fails", inputSchema: { why: z.string() } }, async ({ why }) => { throw new Error("refused: " + why); });
server.registerTool("crash", { description: "Exits the server in the middle of the call" }, async () => { process.exit(3); });
server.registerTool("pid", { description: "The server's process id" }, async () => text(process.pid));
server.registerTool("slow", { description: "Waits", inputSchema: { ms: z.number() } }, async ({ ms }) => { await new Promise((r) => setTimeout(r, ms)); return text("slept " + ms); });
server.registerTool("mixed", { description: "Text, an image and a link" }, async () => ({
  content: [
    { type: "text", text: "a picture:" },
    { type: "image", data: Buffer.from("0123456789").toString("base64"), mimeType: "image/png" },
    { type: "resource_link", uri: "file:///tmp/x.txt", name: "x.txt" },
  ],
}));
server.registerTool("touch", { description: "Creates a file", inputSchema: { path: z.string() } }, async ({ path }) => { writeFileSync(path, "touched\\n"); return text("touched " + path); });
server.registerTool("grow", { description: "Adds the tool extra" }, async () => {
  server.registerTool("extra", { description: "A tool that came later" }, async () => text("extra!"));
  return text("grown");
});
// Reports progress, then waits until the client shows it got it by creating the file named by ack.
server.registerTool("steps", { description: "Reports progress and waits for the ack file", inputSchema: { ack: z.string() } }, async ({ ack }, extra) => {
  const token = extra._meta && extra._meta.progressToken;
  if (token === undefined) return text("no progress token");
  await extra.sendNotification({ method: "notifications/progress", params: { progressToken: token, progress: 1, total: 2, message: "half way" } });
  for (let i = 0; i < 500 && !existsSync(ack); i++) await new Promise((r) => setTimeout(r, 10));
  return text(existsSync(ack) ? "steps done" : "the progress never arrived");
});
console.error("fixture server up (pid " + process.pid + ")");
server.connect(new StdioServerTransport()).catch((error) => { console.error(error); process.exit(1); });
`;
  const path = join(dir, "mcp-fixture-server.cjs");
  await writeFile(path, source);
  return path;
}
