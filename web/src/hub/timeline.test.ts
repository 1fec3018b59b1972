import type { EventBody, SessionEvent } from "@aiflare/protocol";
import { describe, expect, it } from "vitest";
import { buildTimeline } from "./timeline.js";

let seq = 0;
const ev = (body: EventBody): SessionEvent => ({ ...body, id: `e${++seq}`, sessionId: "s", seq, createdAt: new Date(0).toISOString() });

describe("buildTimeline", () => {
  it("folds deltas into messages, a final message superseding them", () => {
    const items = buildTimeline([
      ev({ type: "message", messageId: "u", role: "user", text: "hi" }),
      ev({ type: "message_delta", messageId: "a", delta: "Hal" }),
      ev({ type: "message_delta", messageId: "a", delta: "lo?" }),
      ev({ type: "message", messageId: "a", role: "assistant", text: "Hallo!" }),
      ev({ type: "message_delta", messageId: "a", delta: " late" }),
    ]);
    expect(items.map((i) => (i.kind === "message" ? [i.role, i.text, i.final] : i.kind))).toEqual([
      ["user", "hi", true],
      ["assistant", "Hallo!", true],
    ]);
  });

  it("gathers a tool call's approval, live output and result into one card", () => {
    const items = buildTimeline([
      ev({ type: "tool_call", callId: "c", tool: "shell", args: { command: ["ls"] } }),
      ev({ type: "approval_requested", callId: "c", tool: "shell", args: { command: ["ls"] } }),
      ev({ type: "approval_resolved", callId: "c", decision: "approve" }),
      ev({ type: "tool_output", callId: "c", stream: "stdout", chunk: "a\n" }),
      ev({ type: "tool_output", callId: "c", stream: "stdout", chunk: "b\n" }),
      ev({ type: "tool_output", callId: "c", stream: "stderr", chunk: "warn\n" }),
      ev({ type: "tool_result", callId: "c", ok: true, output: "a\nb\n", exitCode: 0, durationMs: 5 }),
      ev({ type: "plan_update", plan: [{ step: "one", status: "completed" }] }),
      ev({ type: "notice", level: "warning", text: "retrying" }),
      ev({ type: "turn_completed", turnId: "t", status: "canceled" }),
    ]);
    expect(items.map((i) => i.kind)).toEqual(["tool", "plan", "notice", "turn"]);
    expect(items[0]).toMatchObject({
      approval: { state: "approve" },
      output: [
        { stream: "stdout", chunk: "a\nb\n" },
        { stream: "stderr", chunk: "warn\n" },
      ],
      result: { ok: true, exitCode: 0 },
    });
  });

  it("shows update_plan as its checklist, and as a card only when it failed", () => {
    const items = buildTimeline([
      ev({ type: "tool_call", callId: "p1", tool: "update_plan", args: { plan: [] } }),
      ev({ type: "plan_update", plan: [{ step: "a", status: "pending" }] }),
      ev({ type: "tool_result", callId: "p1", ok: true, output: "Plan updated", durationMs: 0 }),
      ev({ type: "tool_call", callId: "p2", tool: "update_plan", args: { plan: "bad" } }),
      ev({ type: "tool_result", callId: "p2", ok: false, output: "", durationMs: 0, error: "invalid arguments" }),
    ]);
    expect(items.map((i) => (i.kind === "tool" ? `tool:${i.tool}:${i.result?.error}` : i.kind))).toEqual(["plan", "tool:update_plan:invalid arguments"]);
  });

  it("labels commentary and refusals, and shows a patch while it is written", () => {
    const items = buildTimeline([
      ev({ type: "message", messageId: "c", role: "assistant", text: "Ich schaue nach.", phase: "commentary" }),
      ev({ type: "message", messageId: "r", role: "assistant", text: "Das mache ich nicht.", refusal: true }),
      ev({ type: "tool_output", callId: "p", stream: "stdout", chunk: "*** Begin Patch\n" }),
      ev({ type: "tool_output", callId: "p", stream: "stdout", chunk: "*** Add File: a.txt\n" }),
    ]);
    expect(items[0]).toMatchObject({ kind: "message", phase: "commentary" });
    expect(items[1]).toMatchObject({ kind: "message", refusal: true, text: "Das mache ich nicht." });
    expect(items[2]).toMatchObject({ kind: "tool", tool: "apply_patch", draft: "*** Begin Patch\n*** Add File: a.txt\n" });
    const done = buildTimeline([
      ev({ type: "tool_output", callId: "p", stream: "stdout", chunk: "*** Begin" }),
      ev({ type: "tool_call", callId: "p", tool: "apply_patch", args: { input: "*** Begin Patch" } }),
      ev({ type: "tool_result", callId: "p", ok: true, output: "A a.txt", durationMs: 1 }),
    ]);
    expect(done).toEqual([expect.objectContaining({ kind: "tool", args: { input: "*** Begin Patch" }, output: [], result: expect.objectContaining({ ok: true }) })]);
    expect(done[0]).not.toHaveProperty("draft");
  });
});
