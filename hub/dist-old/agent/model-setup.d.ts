import { type ConversationMode, type ModelClient } from "@aiflare/core";
import { ReasoningEffort } from "@aiflare/protocol";
/** Which model the hub's agents talk to, and how. */
export interface ModelSetup {
    client: ModelClient;
    /** Model name for sessions created without one. */
    defaultModel: string;
    conversationMode: ConversationMode;
    /** True for the offline demo (no API key). */
    demo: boolean;
    /** Reasoning effort for reasoning models, unless a session sets its own. */
    reasoningEffort?: ReasoningEffort;
    /** Bytes of one tool call's output the model sees (default about 10 KB). */
    toolOutputBudget?: number;
}
export declare const DEFAULT_MODEL = "gpt-5";
/**
 * `OPENAI_API_KEY` (+ `OPENAI_BASE_URL`, `AIFLARE_MODEL`) selects the Responses API; without a
 * key, the offline demo model. `AIFLARE_CONVERSATION_MODE` is `stateless` (default, like
 * Codex: `store: false`, the whole conversation each request) or `previous_response_id`;
 * `AIFLARE_REASONING_EFFORT`, `AIFLARE_TOOL_OUTPUT_BUDGET` (bytes) and
 * `AIFLARE_STREAM_IDLE_TIMEOUT_MS` tune the rest.
 */
export declare function modelSetupFromEnv(env: NodeJS.ProcessEnv): ModelSetup;
//# sourceMappingURL=model-setup.d.ts.map