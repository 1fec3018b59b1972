import { resolve } from "node:path";
import { ApplyPatchArgs, ShellArgs, summarizeIssues, type ToolResult, type ToolStream } from "@aiflare/protocol";
import type { z } from "zod";
import type { CommandSandbox } from "../exec/command-sandbox.js";
import { runCommand } from "../exec/run-command.js";
import { ConfinementError, realDirInsideRoots, within } from "../fs/confine.js";
import { applyPatchInDir, NOTHING_CHANGED } from "../patch/apply-to-fs.js";
import { PatchError } from "../patch/parse.js";

export interface ExecuteToolOptions {
  callId: string;
  /** `shell` or `apply_patch`; anything else is answered as an unknown tool. */
  tool: string;
  args: unknown;
  /** The session's working directory; must be inside `roots`. */
  workdir: string;
  roots: readonly string[];
  /** Upper bound for the call (a shell command's own timeout_ms may only shorten it). */
  timeoutMs: number;
  signal: AbortSignal;
  onOutput?: (stream: ToolStream, chunk: string) => void;
  /** Confines `shell` commands (the worker's sandbox); absent: they run with the caller's rights. */
  sandbox?: CommandSandbox;
}

/**
 * Runs one `shell` or `apply_patch` call where the code lives — in the worker process, or
 * in the hub for local mode. Arguments are validated here; paths are confined to the
 * workdir and roots; every failure is a result, never a throw.
 */
export async function executeWorkerTool(options: ExecuteToolOptions): Promise<ToolResult> {
  const started = Date.now();
  const failed = (error: string, output = "", exitCode?: number): ToolResult => ({
    callId: options.callId,
    ok: false,
    output,
    durationMs: Date.now() - started,
    error,
    ...(exitCode !== undefined ? { exitCode } : {}),
  });
  const parse = <S extends z.ZodType>(schema: S): z.infer<S> | string => {
    const parsed = schema.safeParse(options.args);
    return parsed.success ? parsed.data : `invalid arguments: ${summarizeIssues(parsed.error)}`;
  };
  try {
    const workdir = await realDirInsideRoots(options.workdir, options.roots);
    switch (options.tool) {
      case "shell": {
        const args = parse(ShellArgs);
        if (typeof args === "string") return failed(args);
        const cwd = resolve(workdir, args.workdir ?? ".");
        const realCwd = await realDirInsideRoots(cwd, options.roots);
        if (!within(workdir, realCwd)) throw new ConfinementError(`${args.workdir ?? cwd} is outside the session's working directory ${workdir}`);
        const run = await runCommand({
          command: options.sandbox ? options.sandbox.wrap(args.command, { workdir, cwd: realCwd }) : args.command,
          cwd: realCwd,
          timeoutMs: Math.min(args.timeout_ms ?? options.timeoutMs, options.timeoutMs),
          signal: options.signal,
          ...(options.onOutput ? { onOutput: options.onOutput } : {}),
        });
        const base = { callId: options.callId, output: run.output, exitCode: run.exitCode, durationMs: run.durationMs };
        if (run.spawnError) return { ...base, ok: false, error: run.spawnError };
        // The sandbox started, but the command in it could not: the same answer as without one.
        const notStarted = options.sandbox?.startError?.(run, args.command);
        if (notStarted) return { ...base, output: "", exitCode: 127, ok: false, error: notStarted };
        if (run.canceled) return { ...base, ok: false, error: "canceled" };
        if (run.timedOut) return { ...base, ok: false, error: `timed out after ${Math.round(Math.min(args.timeout_ms ?? options.timeoutMs, options.timeoutMs) / 1000)}s; the process group was killed` };
        return { ...base, ok: run.exitCode === 0 };
      }
      case "apply_patch": {
        const args = parse(ApplyPatchArgs);
        if (typeof args === "string") return failed(`${args}\n${NOTHING_CHANGED}`);
        const outcome = await applyPatchInDir(args.input, workdir);
        return { callId: options.callId, ok: true, output: outcome.summary, exitCode: 0, durationMs: Date.now() - started };
      }
      default:
        return failed(`unknown tool ${JSON.stringify(options.tool)}`);
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // A patch refused before it started (e.g. a workdir outside the roots) changed nothing either.
    if (options.tool === "apply_patch" && (error instanceof PatchError || error instanceof ConfinementError) && !message.endsWith(NOTHING_CHANGED)) {
      return failed(`${message}\n${NOTHING_CHANGED}`);
    }
    return failed(message);
  }
}
