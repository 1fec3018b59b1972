import { describe, expect, it } from "vitest";
import { issuesOf } from "./errors.js";
import { EventBody, SessionEvent } from "./events.js";
import { CreateSessionBody, HistoryQuery, SendMessageBody } from "./rest.js";
import { JoinPayload } from "./socket-browser.js";
import { WorkerAuth } from "./socket-worker.js";

describe("protocol schemas", () => {
  it("accepts every event type of the contract and rejects unknown ones", () => {
    const bodies: EventBody[] = [
      { type: "message", messageId: "m", role: "user", text: "t" },
      { type: "message_delta", messageId: "m", delta: "d" },
      { type: "reasoning_delta", itemId: "r", delta: "d" },
      { type: "reasoning", itemId: "r", text: "t" },
      { type: "tool_call", callId: "c", tool: "shell", args: { command: ["ls"] } },
      { type: "approval_requested", callId: "c", tool: "shell", args: {} },
      { type: "approval_resolved", callId: "c", decision: "deny" },
      { type: "tool_output", callId: "c", stream: "stderr", chunk: "x" },
      { type: "tool_result", callId: "c", ok: true, output: "", exitCode: 0, durationMs: 3 },
      { type: "plan_update", plan: [{ step: "s", status: "in_progress" }] },
      { type: "turn_started", turnId: "t" },
      { type: "turn_completed", turnId: "t", status: "completed" },
      { type: "notice", level: "warning", text: "retrying" },
    ];
    for (const body of bodies) {
      expect(EventBody.parse(body)).toEqual(body);
      const event = { ...body, id: "e1", sessionId: "s", seq: 1, createdAt: new Date().toISOString() };
      expect(SessionEvent.parse(event)).toEqual(event);
    }
    expect(EventBody.safeParse({ type: "nope" }).success).toBe(false);
    expect(SessionEvent.safeParse({ ...bodies[0], id: "e", sessionId: "s", seq: 0, createdAt: "x" }).success).toBe(false);
  });

  it("reports field paths for bad bodies", () => {
    const result = CreateSessionBody.safeParse({ workerId: "", workdir: 3, approvalPolicy: "yolo", extra: 1 });
    expect(result.success).toBe(false);
    if (result.success) return;
    const paths = issuesOf(result.error).map((i) => i.path).sort();
    expect(paths).toEqual(["(root)", "approvalPolicy", "workdir", "workerId"]);
  });

  it("trims and bounds prompt text", () => {
    expect(SendMessageBody.safeParse({ text: "   " }).success).toBe(false);
    expect(SendMessageBody.parse({ text: " hi " }).text).toBe("hi");
  });

  it("coerces the history query and refuses negatives", () => {
    expect(HistoryQuery.parse({ afterSeq: "12" })).toEqual({ afterSeq: 12 });
    expect(HistoryQuery.safeParse({ afterSeq: "-1" }).success).toBe(false);
    expect(HistoryQuery.safeParse({ afterSeq: "abc" }).success).toBe(false);
  });

  it("validates socket payloads and worker handshakes", () => {
    expect(JoinPayload.safeParse({ sessionId: "s", afterSeq: 3 }).success).toBe(true);
    expect(JoinPayload.safeParse({ sessionId: "s", afterSeq: -3 }).success).toBe(false);
    expect(JoinPayload.safeParse("s").success).toBe(false);
    expect(WorkerAuth.safeParse({ token: "t", name: "w", roots: [], version: 1 }).success).toBe(false);
  });
});
