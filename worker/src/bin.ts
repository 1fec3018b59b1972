#!/usr/bin/env node
import { stat } from "node:fs/promises";
import { Checkpoints } from "./checkpoints/checkpoints.js";
import { parseWorkerArgs, WORKER_USAGE, type WorkerArgs } from "./cli-args.js";
import { loadMcpConfig } from "./mcp/config.js";
import type { McpManager } from "./mcp/manager.js";
import { chooseSandbox } from "./sandbox/choose.js";
import { commandSandbox } from "./sandbox/command-sandbox.js";
import { sandboxTerminalWrapper } from "./sandbox/terminal-wrapper.js";
import { loadOrCreateWorkerId } from "./state-file.js";
import { WorkerClient } from "./worker-client.js";

const line = (text: string) => process.stdout.write(`[aiflare-worker ${new Date().toISOString().slice(11, 19)}] ${text}\n`);

async function main(): Promise<void> {
  let args: WorkerArgs;
  try {
    args = parseWorkerArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`aiflare-worker: ${(error as Error).message}\n\n${WORKER_USAGE}`);
    process.exit(2);
  }
  if (args.help) {
    process.stdout.write(WORKER_USAGE);
    return;
  }
  for (const root of args.roots) {
    const info = await stat(root).catch(() => undefined);
    if (!info?.isDirectory()) {
      process.stderr.write(`aiflare-worker: --root ${root} is not a directory\n`);
      process.exit(2);
    }
  }
  const workerId = await loadOrCreateWorkerId(args.stateFile);
  const sandbox = await chooseSandbox(args.sandbox, args.allowNetwork).catch((error: unknown) => {
    process.stderr.write(`aiflare-worker: ${(error as Error).message}\n`);
    process.exit(2);
  });
  line(`sandbox: ${sandbox.mode} (${sandbox.reason})`);
  const mcpConfig = args.mcpConfig
    ? await loadMcpConfig(args.mcpConfig).catch((error: unknown) => {
        process.stderr.write(`aiflare-worker: ${(error as Error).message}\n`);
        process.exit(2);
      })
    : undefined;
  for (const skipped of mcpConfig?.skipped ?? []) line(`mcp server skipped: ${skipped}`);
  let announce = () => {};
  // The MCP SDK loads only when there are servers: a worker without them starts as fast as before.
  const mcp: McpManager | undefined = mcpConfig
    ? new (await import("./mcp/manager.js")).McpManager(mcpConfig.servers, { log: line, onChange: () => announce() })
    : undefined;
  if (mcp) {
    line(`starting MCP servers: ${Object.keys(mcpConfig?.servers ?? {}).join(", ") || "none"}`);
    // Servers that are slow to start are announced when they are up; the hub connection waits at most 10 s.
    await Promise.race([mcp.start(), new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
    line(`MCP tools: ${mcp.tools().map((tool) => tool.name).join(", ") || "none yet"}`);
  }
  const bwrapSandbox = commandSandbox(sandbox.mode, args.allowNetwork, sandbox.bwrap);
  const terminalWrapper = sandboxTerminalWrapper(sandbox.mode, args.allowNetwork, sandbox.bwrap);
  // Checkpoints live beside the state file: worker-NAME.json -> worker-NAME.checkpoints/
  const checkpoints = await Checkpoints.create({ dir: `${args.stateFile.replace(/\.json$/, "")}.checkpoints`, roots: args.roots });
  line(checkpoints.offReason ? `checkpoints off: ${checkpoints.offReason}` : "checkpoints on: the workdir is snapshotted before each turn's first change");
  const client = new WorkerClient({
    hubUrl: args.hubUrl,
    token: args.token,
    workerId,
    name: args.name,
    roots: args.roots,
    sandboxMode: sandbox.mode,
    ...(bwrapSandbox ? { sandbox: bwrapSandbox } : {}),
    ...(terminalWrapper ? { terminalWrapper } : {}),
    ...(mcp ? { mcp } : {}),
    checkpoints,
    status: line,
    onFatal: (reason) => {
      process.stderr.write(`aiflare-worker: ${reason}\n`);
      process.exit(1);
    },
  });
  announce = () => client.announceTools();
  line(`worker ${args.name} (${workerId}) connecting to ${args.hubUrl}`);
  client.start();
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return; // the same Ctrl-C, from the terminal and from a wrapper that forwards it
    stopping = true;
    line(`${signal}: stopping (running calls are canceled)`);
    client.stop();
    void mcp?.stop();
    setTimeout(() => process.exit(0), 200).unref();
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`aiflare-worker: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
