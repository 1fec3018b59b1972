import type { EventBody, SessionEvent, SessionSummary } from "@aiflare/protocol";
import { describe, expect, it } from "vitest";
import { pageTitle } from "./attention.js";
import type { SessionView } from "./hub-store.js";
import { pendingApprovals } from "./pending-approvals.js";
import { pathForSession, sessionIdFromPath } from "./route.js";
import { buildTimeline } from "./timeline.js";

let seq = 0;
const ev = (body: EventBody): SessionEvent => ({ ...body, id: `e${++seq}`, sessionId: "s", seq, createdAt: new Date(0).toISOString() });
const view = (status: SessionSummary["status"], unread = false): SessionView => ({
  summary: { id: `s${++seq}`, workerId: "w", workdir: "/tmp", model: "m", title: "", approvalPolicy: "suggest", status, createdAt: "", updatedAt: "", lastSeq: 0 },
  events: [],
  lastSeq: 0,
  joined: false,
  unread,
  version: 0,
});

describe("phone helpers", () => {
  it("deep links: /sessions/:id both ways, anything else is the list", () => {
    expect(sessionIdFromPath("/sessions/abc-1")).toBe("abc-1");
    expect(sessionIdFromPath("/sessions/a%20b/")).toBe("a b");
    expect(sessionIdFromPath("/")).toBeNull();
    expect(sessionIdFromPath("/sessions/")).toBeNull();
    expect(sessionIdFromPath("/sessions/%E0%A4%A")).toBeNull();
    expect(pathForSession("a b")).toBe("/sessions/a%20b");
    expect(pathForSession(null)).toBe("/");
  });

  it("the title counts sessions waiting for an approval or with unread news", () => {
    expect(pageTitle([view("waiting"), view("running")])).toBe("aiflare");
    expect(pageTitle([view("awaiting_approval"), view("waiting", true), view("error")])).toBe("(2) aiflare");
  });

  it("pending approvals: requested and not resolved, none after the turn ends", () => {
    const events = [
      ev({ type: "turn_started", turnId: "t" }),
      ev({ type: "approval_requested", callId: "a", tool: "shell", args: { command: ["ls"] } }),
      ev({ type: "approval_requested", callId: "b", tool: "apply_patch", args: {} }),
      ev({ type: "approval_resolved", callId: "a", decision: "approve" }),
    ];
    expect(pendingApprovals(events).map((p) => p.callId)).toEqual(["b"]);
    expect(pendingApprovals([...events, ev({ type: "turn_completed", turnId: "t", status: "canceled" })])).toEqual([]);
  });

  it("a user message keeps its images in the timeline", () => {
    const images = [{ url: "/api/sessions/s/attachments/x.png", mediaType: "image/png" as const }];
    const items = buildTimeline([ev({ type: "message", messageId: "u", role: "user", text: "schau", images })]);
    expect(items[0]).toMatchObject({ kind: "message", text: "schau", images });
  });
});
