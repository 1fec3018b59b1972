#!/usr/bin/env node
import { stat } from "node:fs/promises";
import { Checkpoints } from "./checkpoints/checkpoints.js";
import { parseWorkerArgs, WORKER_USAGE, type WorkerArgs } from "./cli-args.js";
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
  // Checkpoints live beside the state file: worker-NAME.json -> worker-NAME.checkpoints/
  const checkpoints = await Checkpoints.create({ dir: `${args.stateFile.replace(/\.json$/, "")}.checkpoints`, roots: args.roots });
  line(checkpoints.offReason ? `checkpoints off: ${checkpoints.offReason}` : "checkpoints on: the workdir is snapshotted before each turn's first change");
  const client = new WorkerClient({
    hubUrl: args.hubUrl,
    token: args.token,
    workerId,
    name: args.name,
    roots: args.roots,
    checkpoints,
    status: line,
    onFatal: (reason) => {
      process.stderr.write(`aiflare-worker: ${reason}\n`);
      process.exit(1);
    },
  });
  line(`worker ${args.name} (${workerId}) connecting to ${args.hubUrl}`);
  client.start();
  const stop = (signal: NodeJS.Signals) => {
    line(`${signal}: stopping (running calls are canceled)`);
    client.stop();
    setTimeout(() => process.exit(0), 200).unref();
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`aiflare-worker: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
