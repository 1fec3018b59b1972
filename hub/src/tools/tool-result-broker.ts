import type { ToolResult } from "@aiflare/protocol";
import { HubError } from "../errors.js";

/** A tool call that got no result in time. */
export class ToolTimeoutError extends HubError {
  constructor(callId: string, timeoutMs: number) {
    super("timeout", `tool call ${callId} got no result within ${Math.round(timeoutMs / 1000)}s`, 504);
  }
}

/** A tool call that was canceled before its result came. */
export class ToolCanceledError extends HubError {
  constructor(callId: string) {
    super("canceled", `tool call ${callId} was canceled`, 409);
  }
}

interface Waiter {
  resolve: (result: ToolResult) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
  promise: Promise<ToolResult>;
}

/**
 * Where the agent loop waits for a tool call's result, whichever way it arrives (the
 * `agent_tool_call` ack, or a redelivery after a reconnect). One result per callId: a late
 * or duplicate one is ignored, and nothing is kept once a call has ended.
 */
export class ToolResultBroker {
  private readonly waiters = new Map<string, Waiter>();

  /** Waits for `callId`'s result; rejects with ToolTimeoutError after `timeoutMs`. */
  waitForResult(callId: string, timeoutMs: number): Promise<ToolResult> {
    const existing = this.waiters.get(callId);
    if (existing) return existing.promise;
    let waiter!: Waiter;
    const promise = new Promise<ToolResult>((resolve, reject) => {
      const timer = setTimeout(() => this.reject(callId, new ToolTimeoutError(callId, timeoutMs)), timeoutMs);
      timer.unref();
      waiter = { resolve, reject, timer, promise: undefined as unknown as Promise<ToolResult> };
    });
    waiter.promise = promise;
    this.waiters.set(callId, waiter);
    return promise;
  }

  /** Delivers a result; false when nobody waits for it (late, duplicate or unknown). */
  resolve(callId: string, result: ToolResult): boolean {
    const waiter = this.take(callId);
    waiter?.resolve(result);
    return waiter !== undefined;
  }

  reject(callId: string, error: Error): boolean {
    const waiter = this.take(callId);
    waiter?.reject(error);
    return waiter !== undefined;
  }

  cancel(callId: string): boolean {
    return this.reject(callId, new ToolCanceledError(callId));
  }

  has(callId: string): boolean {
    return this.waiters.has(callId);
  }

  /** Calls waiting now. */
  get size(): number {
    return this.waiters.size;
  }

  private take(callId: string): Waiter | undefined {
    const waiter = this.waiters.get(callId);
    if (!waiter) return undefined;
    clearTimeout(waiter.timer);
    this.waiters.delete(callId);
    return waiter;
  }
}
