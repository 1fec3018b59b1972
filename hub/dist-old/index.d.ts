export { startHub, DEFAULT_PORT, DEFAULT_BODY_LIMIT, type Hub, type HubOptions } from "./hub.js";
export { SessionStore, type SessionStoreOptions, type StoreListener } from "./store/session-store.js";
export { JsonlPersistence } from "./store/jsonl-persistence.js";
export { MemoryPersistence } from "./store/memory-persistence.js";
export type { TimelinePersistence, LogRecord } from "./store/log-record.js";
export { SessionRunner, type PromptResult } from "./runner/session-runner.js";
export type { RuntimeFactory, SessionRuntime, TurnInput, TurnOutcome, TurnSink } from "./runner/runtime.js";
export { WorkerRegistry } from "./registry/workers.js";
export { ActiveSessionRegistry } from "./registry/active-sessions.js";
export { createLogger } from "./logger.js";
export { modelSetupFromEnv, type ModelSetup } from "./agent/model-setup.js";
export { ConversationStore } from "./agent/conversation-store.js";
export { ToolRunnerFactory, LOCAL_WORKER_ID, type ToolRunner, type WorkerToolCall } from "./tools/tool-runner.js";
export { ToolResultBroker } from "./tools/tool-result-broker.js";
export { SessionSearch } from "./store/session-search.js";
export { unreachableServices } from "./cluster/reachable.js";
//# sourceMappingURL=index.d.ts.map