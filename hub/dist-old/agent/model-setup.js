import { DEMO_MODEL_NAME, DemoModelClient, OpenAIResponsesClient } from "@aiflare/core";
import { ReasoningEffort } from "@aiflare/protocol";
export const DEFAULT_MODEL = "gpt-5";
const positiveInt = (env, name) => {
    const raw = env[name]?.trim();
    if (!raw)
        return undefined;
    const value = Number(raw);
    if (!Number.isInteger(value) || value <= 0)
        throw new Error(`${name} must be a positive whole number, got ${JSON.stringify(raw)}`);
    return value;
};
/**
 * `OPENAI_API_KEY` (+ `OPENAI_BASE_URL`, `AIFLARE_MODEL`) selects the Responses API; without a
 * key, the offline demo model. `AIFLARE_CONVERSATION_MODE` is `stateless` (default, like
 * Codex: `store: false`, the whole conversation each request) or `previous_response_id`;
 * `AIFLARE_REASONING_EFFORT`, `AIFLARE_TOOL_OUTPUT_BUDGET` (bytes) and
 * `AIFLARE_STREAM_IDLE_TIMEOUT_MS` tune the rest.
 */
export function modelSetupFromEnv(env) {
    const mode = env.AIFLARE_CONVERSATION_MODE?.trim() || "stateless";
    if (mode !== "previous_response_id" && mode !== "stateless") {
        throw new Error(`AIFLARE_CONVERSATION_MODE must be stateless or previous_response_id, got ${JSON.stringify(mode)}`);
    }
    const effortText = env.AIFLARE_REASONING_EFFORT?.trim();
    const effort = effortText ? ReasoningEffort.safeParse(effortText) : undefined;
    if (effort && !effort.success)
        throw new Error(`AIFLARE_REASONING_EFFORT must be one of ${ReasoningEffort.options.join(", ")}, got ${JSON.stringify(effortText)}`);
    const toolOutputBudget = positiveInt(env, "AIFLARE_TOOL_OUTPUT_BUDGET");
    const idle = positiveInt(env, "AIFLARE_STREAM_IDLE_TIMEOUT_MS");
    const tuning = { ...(effort?.success ? { reasoningEffort: effort.data } : {}), ...(toolOutputBudget ? { toolOutputBudget } : {}) };
    const apiKey = env.OPENAI_API_KEY?.trim();
    if (!apiKey)
        return { client: new DemoModelClient({ chunkDelayMs: 25 }), defaultModel: DEMO_MODEL_NAME, conversationMode: mode, demo: true, ...tuning };
    const baseURL = env.OPENAI_BASE_URL?.trim();
    return {
        client: new OpenAIResponsesClient({ apiKey, ...(baseURL ? { baseURL } : {}), ...(idle ? { streamIdleTimeoutMs: idle } : {}) }),
        defaultModel: env.AIFLARE_MODEL?.trim() || DEFAULT_MODEL,
        conversationMode: mode,
        demo: false,
        ...tuning,
    };
}
//# sourceMappingURL=model-setup.js.map