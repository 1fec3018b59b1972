/**
 * Whether a tool call waits for a person under this policy (update_plan never does: it only
 * changes the view). MCP tools (`mcp__SERVER__TOOL`) count as commands: they wait under
 * `auto-edit` and `suggest`, like shell.
 */
export function needsApproval(policy, tool) {
    if (tool === "update_plan")
        return false;
    switch (policy) {
        case "full-auto":
            return false;
        case "auto-edit":
            return tool !== "apply_patch";
        case "suggest":
            return true;
    }
}
/**
 * Pending approvals of a session's running turn. A request records `approval_requested`,
 * sets `awaiting_approval`, and waits for `respond` — or for the turn's cancel, which
 * resolves it as denied. The outcome is recorded as `approval_resolved`.
 */
export class ApprovalGate {
    sink;
    pending = new Map();
    constructor(sink) {
        this.sink = sink;
    }
    request(callId, tool, args, signal) {
        this.sink.append({ type: "approval_requested", callId, tool, args });
        this.sink.setStatus("awaiting_approval");
        return new Promise((resolve) => {
            const finish = (decision) => {
                if (!this.pending.delete(callId))
                    return;
                signal.removeEventListener("abort", onAbort);
                this.sink.append({ type: "approval_resolved", callId, decision });
                this.sink.setStatus("running");
                resolve(decision);
            };
            const onAbort = () => finish("deny");
            this.pending.set(callId, finish);
            signal.addEventListener("abort", onAbort, { once: true });
            if (signal.aborted)
                onAbort();
        });
    }
    respond(callId, decision) {
        const finish = this.pending.get(callId);
        finish?.(decision);
        return finish !== undefined;
    }
}
//# sourceMappingURL=approvals.js.map