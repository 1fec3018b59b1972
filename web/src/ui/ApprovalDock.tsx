import { commandLine, type ApprovalDecision } from "@aiflare/protocol";
import type { PendingApproval } from "../hub/pending-approvals.js";

/**
 * On a phone, the oldest waiting approval sits right above the composer, so Approve and Deny
 * are under the thumb wherever the timeline is scrolled. (Hidden on wide screens, where the
 * tool card's own buttons are at hand.)
 */
export function ApprovalDock({ pending, onRespond }: { pending: PendingApproval[]; onRespond: (callId: string, decision: ApprovalDecision) => void }) {
  const first = pending[0];
  if (!first) return null;
  const what = first.tool === "shell" ? `$ ${commandLine(first.args)}` : first.tool;
  return (
    <div className="approval-dock" data-testid="approval-dock">
      <div className="approval-dock-text">
        <span className="approval-dock-title">{pending.length > 1 ? `${pending.length} approvals waiting` : "Approval needed"}</span>
        <code className="approval-dock-command">{what}</code>
      </div>
      <div className="approval-dock-actions">
        <button className="btn" data-testid="dock-deny" onClick={() => onRespond(first.callId, "deny")}>
          Deny
        </button>
        <button className="btn btn-primary" data-testid="dock-approve" onClick={() => onRespond(first.callId, "approve")}>
          Approve
        </button>
      </div>
    </div>
  );
}
