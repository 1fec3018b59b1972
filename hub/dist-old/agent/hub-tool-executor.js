import { ApplyPatchArgs, ShellArgs, UpdatePlanArgs, isMcpToolName, summarizeIssues } from "@aiflare/protocol";
import { needsApproval } from "./approvals.js";
/** A shell command's default and largest timeout. */
export const DEFAULT_SHELL_TIMEOUT_MS = 10 * 60_000;
const MAX_SHELL_TIMEOUT_MS = 60 * 60_000;
const PATCH_TIMEOUT_MS = 60_000;
/** How long an MCP tool call may take on its worker. */
export const MCP_TIMEOUT_MS = 5 * 60_000;
/**
 * The hub's tool executor for one session: `update_plan` is handled here (it becomes a
 * `plan_update` event), `shell` and `apply_patch` run through the session's ToolRunner —
 * after a person approved them, when the session's policy says so. Arguments are validated
 * before anything runs; a bad or denied call is an error result the model can read.
 */
export function createHubToolExecutor(deps) {
    const { store, session, runner } = deps;
    const approved = async (call) => {
        const policy = store.get(session.id)?.approvalPolicy ?? session.approvalPolicy;
        if (!needsApproval(policy, call.tool))
            return true;
        return (await deps.approvals().request(call.callId, call.tool, call.args, call.signal)) === "approve";
    };
    const denied = (call, started) => ({
        callId: call.callId,
        ok: false,
        output: "",
        durationMs: Date.now() - started,
        error: call.signal.aborted ? "aborted" : "denied by the user",
    });
    return {
        execute: async (call) => {
            const started = Date.now();
            const result = (ok, output, error) => ({
                callId: call.callId,
                ok,
                output,
                durationMs: Date.now() - started,
                ...(error !== undefined ? { error } : {}),
            });
            const parse = (schema) => {
                const parsed = schema.safeParse(call.args);
                if (parsed.success)
                    return parsed.data;
                return `invalid arguments for ${call.tool}: ${summarizeIssues(parsed.error)}`;
            };
            switch (call.tool) {
                case "update_plan": {
                    const args = parse(UpdatePlanArgs);
                    if (typeof args === "string")
                        return result(false, "", args);
                    store.append(session.id, { type: "plan_update", plan: args.plan, ...(args.explanation !== undefined ? { explanation: args.explanation } : {}) });
                    return result(true, "Plan updated");
                }
                case "shell": {
                    const args = parse(ShellArgs);
                    if (typeof args === "string")
                        return result(false, "", args);
                    if (!(await approved(call)))
                        return denied(call, started);
                    const timeoutMs = Math.min(args.timeout_ms ?? DEFAULT_SHELL_TIMEOUT_MS, MAX_SHELL_TIMEOUT_MS);
                    return runner.run(session, { callId: call.callId, tool: "shell", args, timeoutMs }, call.signal);
                }
                case "apply_patch": {
                    const args = parse(ApplyPatchArgs);
                    if (typeof args === "string")
                        return result(false, "", args);
                    if (!(await approved(call)))
                        return denied(call, started);
                    return runner.run(session, { callId: call.callId, tool: "apply_patch", args, timeoutMs: PATCH_TIMEOUT_MS }, call.signal);
                }
                default:
                    // MCP tools (`mcp__SERVER__TOOL`) run on the session's worker, approved like shell commands.
                    if (isMcpToolName(call.tool)) {
                        if (!(await approved(call)))
                            return denied(call, started);
                        return runner.run(session, { callId: call.callId, tool: call.tool, args: call.args, timeoutMs: MCP_TIMEOUT_MS }, call.signal);
                    }
                    return result(false, "", `unknown tool ${JSON.stringify(call.tool)}; the tools are shell, apply_patch and update_plan`);
            }
        },
    };
}
//# sourceMappingURL=hub-tool-executor.js.map