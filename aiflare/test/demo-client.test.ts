import type { ToolResult } from "@aiflare/protocol";
import { describe, expect, it } from "vitest";
import { AgentLoop, type AgentCallbacks } from "../src/agent/agent-loop.js";
import { newConversation, type ConversationMode } from "../src/agent/conversation.js";
import { DemoModelClient } from "../src/model/demo-client.js";
import type { ToolCallRequest } from "../src/tool-executor.js";

const noop = () => undefined;
function callbacks(deltas: string[] = []): AgentCallbacks {
  return { onTextDelta: (_id, d) => deltas.push(d), onMessage: noop, onReasoningDelta: noop, onReasoning: noop, onToolCall: noop, onToolResult: noop, onNotice: noop, onPhase: noop, onState: noop };
}

describe("DemoModelClient through the AgentLoop", () => {
  for (const mode of ["previous_response_id", "stateless"] as ConversationMode[]) {
    it(`greets, says Hallo, and runs a command on request (${mode})`, async () => {
      const executed: ToolCallRequest[] = [];
      const loop = new AgentLoop({
        model: new DemoModelClient(),
        modelName: "offline-demo",
        instructions: "",
        state: newConversation(mode),
        executor: {
          execute: (call): Promise<ToolResult> => {
            executed.push(call);
            return Promise.resolve({ callId: call.callId, ok: true, output: "hello from the worker\n", exitCode: 0, durationMs: 4 });
          },
        },
      });
      const deltas: string[] = [];
      const greeting = await loop.runTurn("t1", "hi there", callbacks(deltas), new AbortController().signal);
      expect(greeting.reply).toMatch(/^Hallo! I'm the offline demo model/);
      expect(deltas.length).toBeGreaterThan(5);
      expect(deltas.join("")).toBe(greeting.reply);
      expect((await loop.runTurn("t2", "hi ai antworte mir bitte mit hallo", callbacks(), new AbortController().signal)).reply).toBe("Hallo (offline demo model)");
      const run = await loop.runTurn("t3", "please run `echo hello`", callbacks(), new AbortController().signal);
      expect(executed.map((c) => [c.tool, c.args])).toEqual([["shell", { command: ["bash", "-lc", "echo hello"] }]]);
      expect(run.reply).toContain("`echo hello` finished");
      expect(run.reply).toContain("hello from the worker");
      expect(run.usage?.totalTokens).toBeGreaterThan(0);
    });
  }

  it("is deterministic", async () => {
    const replies: string[] = [];
    for (let i = 0; i < 2; i++) {
      const loop = new AgentLoop({ model: new DemoModelClient(), modelName: "d", instructions: "", state: newConversation("stateless"), executor: { execute: () => Promise.reject(new Error("unused")) } });
      replies.push((await loop.runTurn("t", "what can you do?", callbacks(), new AbortController().signal)).reply);
    }
    expect(replies[0]).toBe(replies[1]);
    expect(replies[0]).toContain("OPENAI_API_KEY");
  });
});
