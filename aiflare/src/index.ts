/** The aiflare agent core: the agent loop over the Responses API, model clients, tool specs. */
export { AgentError, ModelError, TurnCanceledError, type ModelErrorKind } from "./errors.js";
export type { InputItem, OutputItem, FunctionCallItem, OutputMessage, ReasoningItem } from "./model/items.js";
export { messageText, toInput } from "./model/items.js";
export type { ModelClient, ModelRequest, ModelResponse, StreamHandlers, FunctionToolSpec, ItemRef } from "./model/model-client.js";
export { OpenAIResponsesClient, toModelError, type OpenAIClientOptions } from "./model/openai-client.js";
export { retryAfterMs } from "./model/retry-hint.js";
export { AgentLoop, type AgentCallbacks, type AgentLoopOptions, type AgentTurnResult } from "./agent/agent-loop.js";
export { newConversation, type ConversationMode, type ConversationState } from "./agent/conversation.js";
export { DEFAULT_RETRY, backoffDelay, type RetryPolicy } from "./agent/backoff.js";
export { AGENT_TOOLS, APPLY_PATCH_TOOL, SHELL_TOOL, UPDATE_PLAN_TOOL, agentInstructions } from "./tools/specs.js";
export { toolOutputForModel, type ToolCallRequest, type ToolExecutor } from "./tool-executor.js";
export { DemoModelClient, DEMO_MODEL_NAME } from "./model/demo-client.js";
