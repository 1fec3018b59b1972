#!/usr/bin/env node
import { HUB_VERSION } from "@aiflare/protocol";
import { HUB_USAGE, parseHubArgs } from "./cli-args.js";
import { startHub } from "./hub.js";
import { createLogger } from "./logger.js";
async function main() {
    let args;
    try {
        args = parseHubArgs(process.argv.slice(2));
    }
    catch (error) {
        process.stderr.write(`aiflare-hub: ${error.message}\n\n${HUB_USAGE}`);
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
    lines.push(hub.tokens.fromDataDir.browser ? `  open:         ${hub.url}/?token=${hub.tokens.browserToken}` : `  open:         ${hub.url}/ (token from AIFLARE_TOKEN)`);
    lines.push(hub.tokens.fromDataDir.worker
        ? `  worker token: ${hub.tokens.workerToken}\n  add a worker: npx aiflare-worker --hub ${hub.url} --token ${hub.tokens.workerToken} --root DIR`
        : `  worker token: from AIFLARE_WORKER_TOKEN`);
    lines.push(`  data dir:     ${args.dataDir}`);
    if (args.cluster)
        lines.push(`  cluster node: ${hub.backend.nodeId} (PostgreSQL + Redis)`);
    lines.push(hub.model.demo
        ? "  model:        offline demo model (no OPENAI_API_KEY set) — set OPENAI_API_KEY for a real model"
        : `  model:        ${hub.model.defaultModel} via ${hub.model.client.label} (${hub.model.conversationMode})`);
    process.stdout.write(`${lines.join("\n")}\n`);
    let stopping = false;
    const stop = (signal) => {
        if (stopping) {
            logger.warn({ signal }, "second signal: exiting now");
            process.exit(1);
        }
        stopping = true;
        logger.info({ signal }, "shutting down");
        hub.close().then(() => process.exit(0), (error) => {
            logger.error({ err: error }, "shutdown failed");
            process.exit(1);
        });
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
}
main().catch((error) => {
    process.stderr.write(`aiflare-hub: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
});
//# sourceMappingURL=bin.js.map