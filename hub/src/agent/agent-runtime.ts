import { AgentLoop, agentInstructions, type AgentCallbacks } from "@aiflare/core";
import type { ApprovalDecision, SessionStatus } from "@aiflare/protocol";
import type { RuntimeFactory, SessionRuntime, TurnInput, TurnOutcome } from "../runner/runtime.js";
import type { SessionStore } from "../store/session-store.js";
import type { ToolRunnerFactory } from "../tools/tool-runner.js";
import { ApprovalGate } from "./approvals.js";
import type { ConversationStore } from "./conversation-store.js";
import { loadConversation } from "./load-conversation.js";
import { createHubToolExecutor } from "./hub-tool-executor.js";
import type { ModelSetup } from "./model-setup.js";

export interface AgentRuntimeDeps {
  model: ModelSetup;
  store: SessionStore;
  conversations: ConversationStore;
  tools: ToolRunnerFactory;
}

/** Sessions run the AgentLoop; each session's conversation is loaded on its first turn. */
export function createAgentRuntimeFactory(deps: AgentRuntimeDeps): RuntimeFactory {
  return () => new AgentRuntime(deps);
}

/** One session's agent: an AgentLoop whose callbacks become timeline events. */
class AgentRuntime implements SessionRuntime {
  private loop: AgentLoop | undefined;
  /** Approvals of the turn that is running. */
  private gate: ApprovalGate | undefined;

  constructor(private readonly deps: AgentRuntimeDeps) {}

  respondApproval(callId: string, decision: ApprovalDecision): boolean {
    return this.gate?.respond(callId, decision) ?? false;
  }

  async runTurn({ session, turnId, prompt, signal, sink }: TurnInput): Promise<TurnOutcome> {
    const { model, store, conversations, tools } = this.deps;
    let status: SessionStatus = "running";
    const setStatus = (next: SessionStatus) => {
      if (next !== status) sink.setStatus((status = next));
    };
    const gate = (this.gate = new ApprovalGate({ append: (body) => sink.append(body), setStatus }));
    const effort = session.reasoningEffort ?? model.reasoningEffort;
    this.loop ??= new AgentLoop({
      model: model.client,
      modelName: session.model,
      instructions: agentInstructions(session.workdir, { model: session.model, approvalPolicy: session.approvalPolicy }),
      executor: createHubToolExecutor({ store, session, runner: tools.for(session), approvals: () => this.gate ?? gate }),
      state: await loadConversation(conversations, session.id, model.conversationMode),
      promptCacheKey: session.id,
      ...(effort ? { reasoningEffort: effort } : {}),
      ...(model.toolOutputBudget ? { toolOutputBudget: model.toolOutputBudget } : {}),
    });
    const callbacks: AgentCallbacks = {
      onTextDelta: (messageId, delta) => sink.stream({ type: "message_delta", messageId, delta }),
      onMessage: (messageId, text, meta) => void sink.append({ type: "message", messageId, role: "assistant", text, ...meta }),
      onReasoningDelta: (itemId, delta) => sink.stream({ type: "reasoning_delta", itemId, delta }),
      onReasoning: (itemId, text) => void sink.append({ type: "reasoning", itemId, text }),
      onToolCall: ({ callId, tool, args }) => void sink.append({ type: "tool_call", callId, tool, args }),
      // A patch being written streams as its call's live output (see plan/agent.md: no new event type).
      onToolCallDelta: (callId, chunk) => sink.stream({ type: "tool_output", callId, stream: "stdout", chunk }),
      onUsage: (usage) => sink.addUsage?.(usage),
      onToolResult: (result) => void sink.append({ type: "tool_result", ...result }),
      onNotice: (level, text) => void sink.append({ type: "notice", level, text }),
      onPhase: (phase) => setStatus(phase === "streaming" ? "streaming" : "running"),
      onState: (state) => conversations.save(session.id, state),
    };
    return this.loop.runTurn(turnId, prompt, callbacks, signal);
  }
}
