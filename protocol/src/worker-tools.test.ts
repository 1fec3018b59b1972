import { describe, expect, it } from "vitest";
import { AgentToolCall, WorkerAuth } from "./socket-worker.js";
import { WorkerSummary } from "./session.js";
import { isMcpToolName, splitMcpToolName } from "./constants.js";
import { McpToolName, WorkerTools } from "./worker-tools.js";

describe("MCP tools and sandbox on the wire", () => {
  it("MCP tool names follow the model API's function-name rules", () => {
    expect(McpToolName.safeParse("mcp__files__read_file").success).toBe(true);
    expect(McpToolName.safeParse("mcp__a.b__c").success).toBe(false);
    expect(McpToolName.safeParse(`mcp__s__${"x".repeat(60)}`).success).toBe(false);
    expect(McpToolName.safeParse("shell").success).toBe(false);
    expect(isMcpToolName("mcp__x__y")).toBe(true);
    expect(splitMcpToolName("mcp__files__read_file")).toEqual({ server: "files", tool: "read_file" });
    expect(splitMcpToolName("mcp__broken")).toBeUndefined();
  });

  it("agent_tool_call carries shell, apply_patch and MCP tools, nothing else", () => {
    const call = { callId: "c", sessionId: "s", workdir: "/w", args: {}, timeoutMs: 1000 };
    expect(AgentToolCall.safeParse({ ...call, tool: "mcp__fx__add" }).success).toBe(true);
    expect(AgentToolCall.safeParse({ ...call, tool: "apply_patch" }).success).toBe(true);
    expect(AgentToolCall.safeParse({ ...call, tool: "update_plan" }).success).toBe(false);
  });

  it("worker:tools, the handshake's sandbox and WorkerSummary's optional fields", () => {
    expect(WorkerTools.safeParse({ tools: [{ name: "mcp__fx__add", description: "Adds", inputSchema: { type: "object" } }] }).success).toBe(true);
    expect(WorkerTools.safeParse({ tools: [{ name: "add", description: "", inputSchema: {} }] }).success).toBe(false);
    const auth = { token: "t", name: "n", roots: ["/"], version: 1 };
    expect(WorkerAuth.safeParse({ ...auth, sandbox: "read-only" }).success).toBe(true);
    expect(WorkerAuth.safeParse({ ...auth, sandbox: "strict" }).success).toBe(false);
    const worker = { id: "w", name: "n", status: "online", roots: ["/"], lastSeen: new Date().toISOString() };
    expect(WorkerSummary.parse(worker)).toEqual(worker);
    expect(WorkerSummary.parse({ ...worker, tools: ["mcp__fx__add"], sandbox: "workspace-write" })).toMatchObject({ tools: ["mcp__fx__add"], sandbox: "workspace-write" });
  });
});
