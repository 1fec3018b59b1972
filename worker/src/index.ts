/** The aiflare worker: runs agent tool calls where the code lives, over one persistent hub connection. */
export { WorkerClient, type WorkerClientOptions } from "./worker-client.js";
export { OutputBatcher, LIVE_OUTPUT_BUDGET } from "./output-batcher.js";
export { loadOrCreateWorkerId } from "./state-file.js";
export { parseWorkerArgs, WORKER_USAGE, type WorkerArgs } from "./cli-args.js";
export { Checkpoints, type CheckpointsOptions } from "./checkpoints/checkpoints.js";
