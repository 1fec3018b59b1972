import type { SessionEvent } from "@aiflare/protocol";

/** A tool call that waits for Approve or Deny. */
export interface PendingApproval {
  callId: string;
  tool: string;
  args: Record<string, unknown>;
}

/** The approvals a session still waits for, oldest first (requested and not yet resolved). */
export function pendingApprovals(events: readonly SessionEvent[]): PendingApproval[] {
  const pending = new Map<string, PendingApproval>();
  for (const event of events) {
    if (event.type === "approval_requested") pending.set(event.callId, { callId: event.callId, tool: event.tool, args: event.args });
    else if (event.type === "approval_resolved" || event.type === "turn_completed") {
      if (event.type === "turn_completed") pending.clear();
      else pending.delete(event.callId);
    }
  }
  return [...pending.values()];
}
