import type { MessagePhase, PlanStep, SessionEvent, ToolStream, Usage } from "@aiflare/protocol";

export type ToolItem = {
  kind: "tool";
  key: string;
  callId: string;
  tool: string;
  args: Record<string, unknown>;
  output: { stream: ToolStream; chunk: string }[];
  /** A patch still being written by the model (its live text, before the call is complete). */
  draft?: string;
  result?: { ok: boolean; output: string; exitCode?: number; durationMs: number; error?: string };
  approval?: { state: "pending" | "approve" | "deny" };
};

/** What the timeline shows, in order. */
export type TimelineItem =
  | { kind: "message"; key: string; role: "user" | "assistant" | "system"; text: string; final: boolean; phase?: MessagePhase; refusal?: boolean }
  | { kind: "reasoning"; key: string; text: string; final: boolean }
  | ToolItem
  | { kind: "plan"; key: string; explanation?: string; plan: PlanStep[] }
  | { kind: "notice"; key: string; level: "info" | "warning" | "error"; text: string }
  | { kind: "turn"; key: string; status: "completed" | "canceled" | "failed"; usage?: Usage; error?: string };

/**
 * Turns a session's events into view items: deltas join their message (the final `message`
 * replaces them), a tool call collects its approval, live output and result in one card.
 * Pure, so it is easy to test and cheap to recompute.
 */
export function buildTimeline(events: readonly SessionEvent[]): TimelineItem[] {
  const items: TimelineItem[] = [];
  const byKey = new Map<string, TimelineItem>();
  // update_plan calls show as their plan_update checklist, not as tool cards (unless they fail).
  const planCalls = new Set<string>();
  const add = (item: TimelineItem) => {
    items.push(item);
    byKey.set(item.key, item);
  };
  const toolOf = (callId: string): ToolItem | undefined => {
    const item = byKey.get(`tool:${callId}`);
    return item?.kind === "tool" ? item : undefined;
  };
  for (const event of events) {
    switch (event.type) {
      case "message_delta": {
        const item = byKey.get(`m:${event.messageId}`);
        if (item?.kind === "message") {
          if (!item.final) item.text += event.delta;
        } else add({ kind: "message", key: `m:${event.messageId}`, role: "assistant", text: event.delta, final: false });
        break;
      }
      case "message": {
        const item = byKey.get(`m:${event.messageId}`);
        const labels = { ...(event.phase ? { phase: event.phase } : {}), ...(event.refusal ? { refusal: true } : {}) };
        if (item?.kind === "message") {
          item.text = event.text;
          item.role = event.role;
          item.final = true;
          Object.assign(item, labels);
        } else add({ kind: "message", key: `m:${event.messageId}`, role: event.role, text: event.text, final: true, ...labels });
        break;
      }
      case "reasoning_delta": {
        const item = byKey.get(`r:${event.itemId}`);
        if (item?.kind === "reasoning") {
          if (!item.final) item.text += event.delta;
        } else add({ kind: "reasoning", key: `r:${event.itemId}`, text: event.delta, final: false });
        break;
      }
      case "reasoning": {
        const item = byKey.get(`r:${event.itemId}`);
        if (item?.kind === "reasoning") {
          item.text = event.text;
          item.final = true;
        } else add({ kind: "reasoning", key: `r:${event.itemId}`, text: event.text, final: true });
        break;
      }
      case "tool_call": {
        const drafted = toolOf(event.callId);
        if (event.tool === "update_plan") planCalls.add(event.callId);
        else if (drafted?.draft !== undefined) {
          // The patch streamed while it was written; the complete call replaces the draft.
          drafted.tool = event.tool;
          drafted.args = event.args;
          delete drafted.draft;
        } else if (!drafted) add({ kind: "tool", key: `tool:${event.callId}`, callId: event.callId, tool: event.tool, args: event.args, output: [] });
        break;
      }
      case "approval_requested": {
        const item = toolOf(event.callId);
        if (item) item.approval = { state: "pending" };
        else add({ kind: "tool", key: `tool:${event.callId}`, callId: event.callId, tool: event.tool, args: event.args, output: [], approval: { state: "pending" } });
        break;
      }
      case "approval_resolved": {
        const item = toolOf(event.callId);
        if (item) item.approval = { state: event.decision };
        break;
      }
      case "tool_output": {
        const item = toolOf(event.callId);
        if (!item) {
          // Output before its call: the model is still writing a patch (the hub streams it so).
          add({ kind: "tool", key: `tool:${event.callId}`, callId: event.callId, tool: "apply_patch", args: {}, output: [], draft: event.chunk });
          break;
        }
        if (item.draft !== undefined) {
          item.draft += event.chunk;
          break;
        }
        const last = item.output.at(-1);
        if (last && last.stream === event.stream) last.chunk += event.chunk;
        else item.output.push({ stream: event.stream, chunk: event.chunk });
        break;
      }
      case "tool_result": {
        if (planCalls.has(event.callId) && event.ok) break;
        const item = toolOf(event.callId);
        const result = { ok: event.ok, output: event.output, durationMs: event.durationMs, ...(event.exitCode !== undefined ? { exitCode: event.exitCode } : {}), ...(event.error !== undefined ? { error: event.error } : {}) };
        if (item) item.result = result;
        else add({ kind: "tool", key: `tool:${event.callId}`, callId: event.callId, tool: planCalls.has(event.callId) ? "update_plan" : "tool", args: {}, output: [], result });
        break;
      }
      case "plan_update":
        add({ kind: "plan", key: `plan:${event.seq}`, plan: event.plan, ...(event.explanation !== undefined ? { explanation: event.explanation } : {}) });
        break;
      case "notice":
        add({ kind: "notice", key: `n:${event.seq}`, level: event.level, text: event.text });
        break;
      case "turn_completed":
        if (event.status !== "completed" || event.usage) {
          add({ kind: "turn", key: `t:${event.seq}`, status: event.status, ...(event.usage ? { usage: event.usage } : {}), ...(event.error !== undefined ? { error: event.error } : {}) });
        }
        break;
      case "turn_started":
        break;
    }
  }
  return items;
}
