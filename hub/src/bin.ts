#!/usr/bin/env node
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { HUB_VERSION } from "@aiflare/protocol";
import { HUB_USAGE, parseHubArgs, type HubArgs } from "./cli-args.js";
import { startHub } from "./hub.js";
import { createLogger } from "./logger.js";

/**
 * How to start a worker from any folder: this checkout's worker by its path (`npx aiflare-worker`
 * only finds it inside the checkout, and elsewhere would ask the npm registry for that name).
 */
function workerCommand(): string {
  const bin = fileURLToPath(new URL("../../worker/bin/aiflare-worker.js", import.meta.url));
  return existsSync(bin) ? `node ${bin}` : "npx aiflare-worker";
}

/** A signal this soon after the first is the same Ctrl-C delivered twice. */
const SAME_SIGNAL_MS = 1000;

async function main(): Promise<void> {
  let args: HubArgs;
  try {
    args = parseHubArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`aiflare-hub: ${(error as Error).message}\n\n${HUB_USAGE}`);
    process.exit(2);
  }
  if (args.help) {
    process.stdout.write(HUB_USAGE);
    return;
  }

  const logger = createLogger();
  const hub = await startHub({
    dataDir: args.dataDir,
    host: args.host,
    port: args.port,
    logger,
    ...(args.maxEvents !== undefined ? { maxEvents: args.maxEvents } : {}),
    ...(args.bodyLimit !== undefined ? { bodyLimit: args.bodyLimit } : {}),
    ...(args.coalesceMs !== undefined ? { coalesceMs: args.coalesceMs } : {}),
    ...(args.cluster ? { cluster: args.cluster } : {}),
    ...(args.nodeId !== undefined ? { nodeId: args.nodeId } : {}),
  });

  const lines = [`aiflare hub ${HUB_VERSION} listening on ${hub.url}`];
  lines.push(
    hub.tokens.fromDataDir.browser ? `  open:         ${hub.url}/?token=${hub.tokens.browserToken}` : `  open:         ${hub.url}/ (token from AIFLARE_TOKEN)`,
  );
  lines.push(
    hub.tokens.fromDataDir.worker
      ? `  worker token: ${hub.tokens.workerToken}\n  add a worker: AIFLARE_WORKER_TOKEN=${hub.tokens.workerToken} ${workerCommand()} --hub ${hub.url} --root DIR`
      : `  worker token: from AIFLARE_WORKER_TOKEN`,
  );
  lines.push(`  data dir:     ${args.dataDir}`);
  if (args.cluster) lines.push(`  cluster node: ${hub.backend.nodeId} (PostgreSQL + Redis)`);
  lines.push(
    hub.model.demo
      ? "  model:        offline demo model (no OPENAI_API_KEY set) — set OPENAI_API_KEY for a real model"
      : `  model:        ${hub.model.defaultModel} via ${hub.model.client.label} (${hub.model.conversationMode})`,
  );
  process.stdout.write(`${lines.join("\n")}\n`);

  let stoppingSince: number | undefined;
  const stop = (signal: NodeJS.Signals) => {
    if (stoppingSince !== undefined) {
      // One Ctrl-C often arrives twice: the terminal signals the whole process group, and a
      // wrapper (`npm start`) forwards it. Only a later one means "stop waiting".
      if (Date.now() - stoppingSince < SAME_SIGNAL_MS) return;
      logger.warn({ signal }, "second signal: exiting now");
      process.exit(1);
    }
    stoppingSince = Date.now();
    logger.info({ signal }, "shutting down");
    hub.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`aiflare-hub: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
