import { HubError } from "../errors.js";
/** A tool call that got no result in time. */
export class ToolTimeoutError extends HubError {
    constructor(callId, timeoutMs) {
        super("timeout", `tool call ${callId} got no result within ${Math.round(timeoutMs / 1000)}s`, 504);
    }
}
/** A tool call that was canceled before its result came. */
export class ToolCanceledError extends HubError {
    constructor(callId) {
        super("canceled", `tool call ${callId} was canceled`, 409);
    }
}
/**
 * Where the agent loop waits for a tool call's result, whichever way it arrives (the
 * `agent_tool_call` ack, or a redelivery after a reconnect). One result per callId: a late
 * or duplicate one is ignored, and nothing is kept once a call has ended.
 */
export class ToolResultBroker {
    waiters = new Map();
    /** Waits for `callId`'s result; rejects with ToolTimeoutError after `timeoutMs`. */
    waitForResult(callId, timeoutMs) {
        const existing = this.waiters.get(callId);
        if (existing)
            return existing.promise;
        let waiter;
        const promise = new Promise((resolve, reject) => {
            const timer = setTimeout(() => this.reject(callId, new ToolTimeoutError(callId, timeoutMs)), timeoutMs);
            timer.unref();
            waiter = { resolve, reject, timer, promise: undefined };
        });
        waiter.promise = promise;
        this.waiters.set(callId, waiter);
        return promise;
    }
    /** Delivers a result; false when nobody waits for it (late, duplicate or unknown). */
    resolve(callId, result) {
        const waiter = this.take(callId);
        waiter?.resolve(result);
        return waiter !== undefined;
    }
    reject(callId, error) {
        const waiter = this.take(callId);
        waiter?.reject(error);
        return waiter !== undefined;
    }
    cancel(callId) {
        return this.reject(callId, new ToolCanceledError(callId));
    }
    has(callId) {
        return this.waiters.has(callId);
    }
    /** Calls waiting now. */
    get size() {
        return this.waiters.size;
    }
    take(callId) {
        const waiter = this.waiters.get(callId);
        if (!waiter)
            return undefined;
        clearTimeout(waiter.timer);
        this.waiters.delete(callId);
        return waiter;
    }
}
//# sourceMappingURL=tool-result-broker.js.map