export { startHub, DEFAULT_PORT, DEFAULT_BODY_LIMIT } from "./hub.js";
export { SessionStore } from "./store/session-store.js";
export { JsonlPersistence } from "./store/jsonl-persistence.js";
export { MemoryPersistence } from "./store/memory-persistence.js";
export { SessionRunner } from "./runner/session-runner.js";
export { WorkerRegistry } from "./registry/workers.js";
export { ActiveSessionRegistry } from "./registry/active-sessions.js";
export { createLogger } from "./logger.js";
export { modelSetupFromEnv } from "./agent/model-setup.js";
export { ConversationStore } from "./agent/conversation-store.js";
export { ToolRunnerFactory, LOCAL_WORKER_ID } from "./tools/tool-runner.js";
export { ToolResultBroker } from "./tools/tool-result-broker.js";
export { SessionSearch } from "./store/session-search.js";
export { unreachableServices } from "./cluster/reachable.js";
//# sourceMappingURL=index.js.map