import type { ApprovalDecision, ApprovalPolicy, EventBody, SessionStatus } from "@aiflare/protocol";
/**
 * Whether a tool call waits for a person under this policy (update_plan never does: it only
 * changes the view). MCP tools (`mcp__SERVER__TOOL`) count as commands: they wait under
 * `auto-edit` and `suggest`, like shell.
 */
export declare function needsApproval(policy: ApprovalPolicy, tool: string): boolean;
/**
 * Pending approvals of a session's running turn. A request records `approval_requested`,
 * sets `awaiting_approval`, and waits for `respond` — or for the turn's cancel, which
 * resolves it as denied. The outcome is recorded as `approval_resolved`.
 */
export declare class ApprovalGate {
    private readonly sink;
    private readonly pending;
    constructor(sink: {
        append(body: EventBody): unknown;
        setStatus(status: SessionStatus): void;
    });
    request(callId: string, tool: string, args: Record<string, unknown>, signal: AbortSignal): Promise<ApprovalDecision>;
    respond(callId: string, decision: ApprovalDecision): boolean;
}
//# sourceMappingURL=approvals.d.ts.map