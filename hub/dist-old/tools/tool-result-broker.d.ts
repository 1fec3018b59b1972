import type { ToolResult } from "@aiflare/protocol";
import { HubError } from "../errors.js";
/** A tool call that got no result in time. */
export declare class ToolTimeoutError extends HubError {
    constructor(callId: string, timeoutMs: number);
}
/** A tool call that was canceled before its result came. */
export declare class ToolCanceledError extends HubError {
    constructor(callId: string);
}
/**
 * Where the agent loop waits for a tool call's result, whichever way it arrives (the
 * `agent_tool_call` ack, or a redelivery after a reconnect). One result per callId: a late
 * or duplicate one is ignored, and nothing is kept once a call has ended.
 */
export declare class ToolResultBroker {
    private readonly waiters;
    /** Waits for `callId`'s result; rejects with ToolTimeoutError after `timeoutMs`. */
    waitForResult(callId: string, timeoutMs: number): Promise<ToolResult>;
    /** Delivers a result; false when nobody waits for it (late, duplicate or unknown). */
    resolve(callId: string, result: ToolResult): boolean;
    reject(callId: string, error: Error): boolean;
    cancel(callId: string): boolean;
    has(callId: string): boolean;
    /** Calls waiting now. */
    get size(): number;
    private take;
}
//# sourceMappingURL=tool-result-broker.d.ts.map