import type { ToolResult } from "@aiflare/protocol";
import { ToolInfrastructureError } from "../errors.js";
import type { CallItem } from "../model/items.js";
import { toolOutputForModel, type ToolExecutor } from "../tool-executor.js";
import type { AgentCallbacks } from "./agent-loop.js";
import { interpretCall } from "./interpret-call.js";

/** What running one call needs. */
export interface CallContext {
  executor: ToolExecutor;
  callbacks: AgentCallbacks;
  signal: AbortSignal;
  /** Bytes of the output the model sees at most. */
  budget?: number | undefined;
}

/**
 * Runs one call the model made and says what the model is told about it. Never throws: a
 * bad call, a failure or a cancel is an output; a lost worker also returns the error that
 * ends the turn.
 */
export async function runCall(call: CallItem, context: CallContext): Promise<{ output: string; error?: ToolInfrastructureError }> {
  const { callbacks, signal } = context;
  const { tool, args, error: badArgs } = interpretCall(call);
  callbacks.onToolCall({ callId: call.call_id, tool, args });
  const failed = (error: string): ToolResult => ({ callId: call.call_id, ok: false, output: "", durationMs: 0, error });
  let result: ToolResult;
  let infrastructure: ToolInfrastructureError | undefined;
  if (signal.aborted) result = failed("aborted");
  else if (badArgs) result = failed(badArgs);
  else {
    const started = Date.now();
    try {
      // An executor that ignores the signal must not hold a canceled turn.
      result = await raceAbort(context.executor.execute({ callId: call.call_id, tool, args, signal }), signal);
    } catch (error) {
      if (error instanceof ToolInfrastructureError && !signal.aborted) infrastructure = error;
      result = signal.aborted
        ? { ...failed("aborted"), durationMs: Date.now() - started }
        : { ...failed(error instanceof Error ? error.message : String(error)), durationMs: Date.now() - started };
    }
  }
  callbacks.onToolResult(result);
  const output = signal.aborted && !result.ok ? "aborted" : toolOutputForModel(result, context.budget);
  return infrastructure ? { output, error: infrastructure } : { output };
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
