import type { RuntimeFactory } from "../runner/runtime.js";
import type { SessionStore } from "../store/session-store.js";
import type { InstructionsSource } from "../tools/instructions-reader.js";
import type { WorkerToolCatalog } from "../registry/worker-tools.js";
import type { ToolRunnerFactory } from "../tools/tool-runner.js";
import type { ConversationStore } from "./conversation-store.js";
import type { ModelSetup } from "./model-setup.js";
export interface AgentRuntimeDeps {
    model: ModelSetup;
    store: SessionStore;
    conversations: ConversationStore;
    tools: ToolRunnerFactory;
    /** Where each session's AGENTS.md chain is read (none: the agent's own instructions only). */
    instructions?: InstructionsSource;
    /** The context window of a model in tokens (none: no accounting, no compaction). */
    contextWindow?: (model: string) => number;
    /** The MCP tools each worker offers; sessions on that worker get them as function tools. */
    workerTools?: WorkerToolCatalog;
    /** The sandbox mode a worker reports, for the instructions. */
    workerSandbox?: (workerId: string) => string | undefined;
}
/** Sessions run the AgentLoop; each session's conversation is loaded on its first turn. */
export declare function createAgentRuntimeFactory(deps: AgentRuntimeDeps): RuntimeFactory;
//# sourceMappingURL=agent-runtime.d.ts.map