import { DEMO_MODEL_NAME, DemoModelClient, OpenAIResponsesClient, type ConversationMode, type ModelClient } from "@aiflare/core";

/** Which model the hub's agents talk to. */
export interface ModelSetup {
  client: ModelClient;
  /** Model name for sessions created without one. */
  defaultModel: string;
  conversationMode: ConversationMode;
  /** True for the offline demo (no API key). */
  demo: boolean;
}

export const DEFAULT_MODEL = "gpt-5";

/**
 * `OPENAI_API_KEY` (+ `OPENAI_BASE_URL`, `AIFLARE_MODEL`) selects the Responses API; without a
 * key, the offline demo model. `AIFLARE_CONVERSATION_MODE` is `previous_response_id` (default)
 * or `stateless` (full input each request, `store: false`).
 */
export function modelSetupFromEnv(env: NodeJS.ProcessEnv): ModelSetup {
  const mode = env.AIFLARE_CONVERSATION_MODE?.trim() || "previous_response_id";
  if (mode !== "previous_response_id" && mode !== "stateless") {
    throw new Error(`AIFLARE_CONVERSATION_MODE must be previous_response_id or stateless, got ${JSON.stringify(mode)}`);
  }
  const apiKey = env.OPENAI_API_KEY?.trim();
  if (!apiKey) return { client: new DemoModelClient({ chunkDelayMs: 25 }), defaultModel: DEMO_MODEL_NAME, conversationMode: mode, demo: true };
  const baseURL = env.OPENAI_BASE_URL?.trim();
  return {
    client: new OpenAIResponsesClient({ apiKey, ...(baseURL ? { baseURL } : {}) }),
    defaultModel: env.AIFLARE_MODEL?.trim() || DEFAULT_MODEL,
    conversationMode: mode,
    demo: false,
  };
}
