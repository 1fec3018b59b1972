import { describe, expect, it } from "vitest";
import type { EventBody, SessionEvent } from "./events.js";
import { emptyFold, fold, foldInto } from "./fold.js";

let seq = 0;
function ev(body: EventBody): SessionEvent {
  seq += 1;
  return { ...body, id: `e${seq}`, sessionId: "s1", seq, createdAt: new Date(1_700_000_000_000 + seq).toISOString() };
}

describe("fold", () => {
  it("joins deltas into one assistant message", () => {
    const messages = fold([
      ev({ type: "message", messageId: "u1", role: "user", text: "hi" }),
      ev({ type: "message_delta", messageId: "a1", delta: "Hal" }),
      ev({ type: "message_delta", messageId: "a1", delta: "lo" }),
    ]);
    expect(messages.map((m) => [m.role, m.text])).toEqual([
      ["user", "hi"],
      ["assistant", "Hallo"],
    ]);
  });

  it("lets the final message supersede its deltas and ignores later deltas", () => {
    const events = [
      ev({ type: "message_delta", messageId: "a1", delta: "Hal" }),
      ev({ type: "message", messageId: "a1", role: "assistant", text: "Hallo!" }),
      ev({ type: "message_delta", messageId: "a1", delta: " late" }),
    ];
    const messages = fold(events);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.text).toBe("Hallo!");
    expect(messages[0]?.createdAt).toBe(events[0]?.createdAt);
  });

  it("keeps order of first appearance across interleaved messages and ignores other events", () => {
    const messages = fold([
      ev({ type: "turn_started", turnId: "t1" }),
      ev({ type: "message_delta", messageId: "a1", delta: "one" }),
      ev({ type: "tool_call", callId: "c1", tool: "shell", args: { command: ["ls"] } }),
      ev({ type: "message", messageId: "u2", role: "user", text: "two" }),
      ev({ type: "message_delta", messageId: "a1", delta: "!" }),
      ev({ type: "notice", level: "info", text: "x" }),
    ]);
    expect(messages.map((m) => m.text)).toEqual(["one!", "two"]);
  });

  it("folds incrementally to the same result as all at once", () => {
    const events = [
      ev({ type: "message", messageId: "u1", role: "user", text: "q" }),
      ev({ type: "message_delta", messageId: "a1", delta: "a" }),
      ev({ type: "message_delta", messageId: "a1", delta: "b" }),
      ev({ type: "message", messageId: "a1", role: "assistant", text: "ab." }),
    ];
    const state = emptyFold();
    for (const e of events) foldInto(state, [e]);
    expect(JSON.parse(JSON.stringify(state.messages))).toEqual(fold(events));
  });
});
