/** The aiflare worker: runs agent tool calls where the code lives, over one persistent hub connection. */
export { WorkerClient, type WorkerClientOptions } from "./worker-client.js";
export { OutputBatcher, LIVE_OUTPUT_BUDGET } from "./output-batcher.js";
export { loadOrCreateWorkerId } from "./state-file.js";
export { parseWorkerArgs, WORKER_USAGE, type WorkerArgs } from "./cli-args.js";
export { Checkpoints, type CheckpointsOptions } from "./checkpoints/checkpoints.js";
export { workspaceOps, NOT_GIT_NOTICE } from "./workspace/workspace-ops.js";
export { WorkspaceError } from "./workspace/workspace-error.js";
export { TerminalManager, type TerminalHandlers, type TerminalManagerOptions } from "./terminal/terminal-manager.js";
export { defaultTerminalCommand, terminalSpawnCommand, type TerminalCommand, type TerminalCommandWrapper } from "./terminal/spawn-command.js";
