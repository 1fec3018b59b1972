import { spawn } from "node:child_process";
import { StringDecoder } from "node:string_decoder";
import type { ToolStream } from "@aiflare/protocol";
import { HeadTailBuffer } from "./head-tail.js";

export interface RunCommandOptions {
  /** argv; run without a shell (execvp semantics). */
  command: string[];
  cwd: string;
  timeoutMs: number;
  signal: AbortSignal;
  /** Live output, decoded, as it arrives. */
  onOutput?: (stream: ToolStream, chunk: string) => void;
  /** Characters of output kept at each end of the result. */
  keepHead?: number;
  keepTail?: number;
  env?: NodeJS.ProcessEnv;
  /** Between SIGTERM and SIGKILL to the process group. */
  killGraceMs?: number;
}

export interface RunCommandResult {
  /** The exit code; 128 + signal number when killed by a signal; 127 when it could not start. */
  exitCode: number;
  /** stdout and stderr interleaved as they came, head and tail kept. */
  output: string;
  omitted: number;
  timedOut: boolean;
  canceled: boolean;
  durationMs: number;
  /** Why it could not run (e.g. command not found). */
  spawnError?: string;
}

const SIGNALS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15, SIGPIPE: 13, SIGALRM: 14 };

/**
 * Runs a command in its own process group. On timeout or cancel the whole group gets SIGTERM,
 * then SIGKILL after a grace period, so children and grandchildren die with it.
 */
export function runCommand(options: RunCommandOptions): Promise<RunCommandResult> {
  const started = Date.now();
  const buffer = new HeadTailBuffer(options.keepHead ?? 64 * 1024, options.keepTail ?? 64 * 1024);
  const [file, ...args] = options.command;
  return new Promise((resolve) => {
    if (!file) {
      resolve({ exitCode: 127, output: "", omitted: 0, timedOut: false, canceled: false, durationMs: 0, spawnError: "empty command" });
      return;
    }
    let timedOut = false;
    let canceled = false;
    let settled = false;
    let killTimer: NodeJS.Timeout | undefined;
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      detached: true, // its own process group, so a kill reaches every descendant
      stdio: ["ignore", "pipe", "pipe"],
    });

    const killGroup = () => {
      if (child.pid === undefined) return;
      const signalGroup = (signal: NodeJS.Signals) => {
        try {
          process.kill(-child.pid!, signal);
        } catch {
          // already gone
        }
      };
      signalGroup("SIGTERM");
      killTimer ??= setTimeout(() => signalGroup("SIGKILL"), options.killGraceMs ?? 1000).unref();
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, options.timeoutMs);
    const onAbort = () => {
      canceled = true;
      killGroup();
    };
    options.signal.addEventListener("abort", onAbort, { once: true });
    if (options.signal.aborted) onAbort();

    for (const stream of ["stdout", "stderr"] as const) {
      const decoder = new StringDecoder("utf8");
      child[stream].on("data", (data: Buffer) => {
        const text = decoder.write(data);
        if (text.length === 0) return;
        buffer.push(text);
        options.onOutput?.(stream, text);
      });
      child[stream].on("end", () => {
        const rest = decoder.end();
        if (rest) {
          buffer.push(rest);
          options.onOutput?.(stream, rest);
        }
      });
    }

    const finish = (exitCode: number, spawnError?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal.removeEventListener("abort", onAbort);
      // Make sure nothing of the group outlives the call, even after a normal exit.
      if (timedOut || canceled) killGroup();
      if (killTimer && !timedOut && !canceled) clearTimeout(killTimer);
      resolve({
        exitCode,
        output: buffer.toString(),
        omitted: buffer.omitted,
        timedOut,
        canceled,
        durationMs: Date.now() - started,
        ...(spawnError !== undefined ? { spawnError } : {}),
      });
    };

    child.once("error", (error: NodeJS.ErrnoException) => {
      const reason = error.code === "ENOENT" ? `command not found: ${file}` : error.code === "EACCES" ? `permission denied: ${file}` : error.message;
      finish(127, reason);
    });
    child.once("exit", (code, signal) => {
      const exitCode = code ?? 128 + (signal ? (SIGNALS[signal] ?? 1) : 1);
      // Output may still be draining; background grandchildren may hold the pipes open,
      // so wait for 'close' only briefly.
      const drain = setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        finish(exitCode);
      }, 2000);
      child.once("close", () => {
        clearTimeout(drain);
        finish(exitCode);
      });
    });
  });
}
