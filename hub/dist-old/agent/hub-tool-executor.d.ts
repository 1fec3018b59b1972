import type { ToolExecutor } from "@aiflare/core";
import { type SessionSummary } from "@aiflare/protocol";
import type { SessionStore } from "../store/session-store.js";
import type { ToolRunner } from "../tools/tool-runner.js";
import { type ApprovalGate } from "./approvals.js";
/** A shell command's default and largest timeout. */
export declare const DEFAULT_SHELL_TIMEOUT_MS: number;
/** How long an MCP tool call may take on its worker. */
export declare const MCP_TIMEOUT_MS: number;
export interface HubToolExecutorDeps {
    store: SessionStore;
    session: SessionSummary;
    runner: ToolRunner;
    /** The running turn's approvals. */
    approvals: () => ApprovalGate;
}
/**
 * The hub's tool executor for one session: `update_plan` is handled here (it becomes a
 * `plan_update` event), `shell` and `apply_patch` run through the session's ToolRunner —
 * after a person approved them, when the session's policy says so. Arguments are validated
 * before anything runs; a bad or denied call is an error result the model can read.
 */
export declare function createHubToolExecutor(deps: HubToolExecutorDeps): ToolExecutor;
//# sourceMappingURL=hub-tool-executor.d.ts.map