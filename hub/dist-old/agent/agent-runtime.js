import { AgentLoop, toolsForModel } from "@aiflare/core";
import { ApprovalGate } from "./approvals.js";
import { loadConversation } from "./load-conversation.js";
import { createHubToolExecutor } from "./hub-tool-executor.js";
import { withMcpTools } from "./mcp-tool-specs.js";
import { compactNow, contextCallbacks } from "./context-callbacks.js";
import { ProjectInstructionsLoader } from "./project-instructions.js";
/** Sessions run the AgentLoop; each session's conversation is loaded on its first turn. */
export function createAgentRuntimeFactory(deps) {
    return () => new AgentRuntime(deps);
}
/** One session's agent: an AgentLoop whose callbacks become timeline events. */
class AgentRuntime {
    deps;
    loop;
    /** Approvals of the turn that is running. */
    gate;
    project;
    constructor(deps) {
        this.deps = deps;
    }
    respondApproval(callId, decision) {
        return this.gate?.respond(callId, decision) ?? false;
    }
    async runTurn({ session, turnId, prompt, images, signal, sink }) {
        const { store, conversations } = this.deps;
        let status = "running";
        const setStatus = (next) => {
            if (next !== status)
                sink.setStatus((status = next));
        };
        this.gate = new ApprovalGate({ append: (body) => sink.append(body), setStatus });
        const instructions = await this.instructionsFor(session, sink);
        const loop = await this.loopFor(session, instructions);
        const callbacks = {
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
            ...contextCallbacks(store, session.id, sink),
        };
        loop.setInstructions(instructions);
        return loop.runTurn(turnId, prompt, callbacks, signal, images);
    }
    /** Manual compaction, run as the session's next queued job. */
    async compact({ session, signal, sink }) {
        const loop = await this.loopFor(session, await this.instructionsFor(session, sink));
        await compactNow(loop, { store: this.deps.store, conversations: this.deps.conversations, sessionId: session.id, sink, signal });
    }
    instructionsFor(session, sink) {
        const { store, instructions } = this.deps;
        this.project ??= new ProjectInstructionsLoader({ store, session, ...(instructions ? { source: instructions } : {}), ...sandboxOf(this.deps, session.workerId) });
        return this.project.load((body) => sink.append(body));
    }
    /**
     * The session's AgentLoop, created with its stored conversation on first use. When nodes share
     * conversations, each later use takes the stored one again: another node may have run turns since.
     */
    async loopFor(session, instructions) {
        const { model, store, conversations, tools, workerTools } = this.deps;
        if (this.loop && conversations.shared)
            this.loop.restore(await loadConversation(conversations, session.id, model.conversationMode));
        const approvals = () => {
            if (!this.gate)
                throw new Error("no turn is running");
            return this.gate;
        };
        const effort = session.reasoningEffort ?? model.reasoningEffort;
        this.loop ??= new AgentLoop({
            model: model.client,
            modelName: session.model,
            instructions,
            executor: createHubToolExecutor({ store, session, runner: tools.for(session), approvals }),
            state: await loadConversation(conversations, session.id, model.conversationMode),
            promptCacheKey: session.id,
            ...(effort ? { reasoningEffort: effort } : {}),
            ...(model.toolOutputBudget ? { toolOutputBudget: model.toolOutputBudget } : {}),
            ...(this.deps.contextWindow ? { contextWindow: this.deps.contextWindow(session.model) } : {}),
            // Read for every request, so MCP tools the worker announces (or changes) reach the model at once.
            get tools() {
                return withMcpTools(toolsForModel(session.model), workerTools?.of(session.workerId) ?? []);
            },
        });
        return this.loop;
    }
}
/** The worker's sandbox as the instructions take it (absent when it reports none). */
function sandboxOf(deps, workerId) {
    const sandbox = deps.workerSandbox?.(workerId);
    return sandbox ? { sandbox } : {};
}
//# sourceMappingURL=agent-runtime.js.map