import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

export const WORKER_BIN = fileURLToPath(new URL("../../worker/dist/bin.js", import.meta.url));

/** The real `aiflare-worker` bin in a child process (needs the build that `npm test` runs). */
export interface WorkerProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | string>;
  /** Resolves when a status line matches. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  kill(signal?: NodeJS.Signals): Promise<number | string>;
}

export function spawnWorker(args: string[], env: Record<string, string> = {}): WorkerProcess {
  const child = spawn(process.execPath, [WORKER_BIN, ...args], { env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    out += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  const exited = new Promise<number | string>((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal ?? -1)));
  return {
    child,
    output: () => out,
    exited,
    // Generous: on a busy 2-core machine a node process can take many seconds to load.
    waitFor: (pattern, timeoutMs = 30_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (pattern.test(out)) {
            listeners.delete(check);
            clearTimeout(timer);
            resolve();
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`worker never printed ${pattern}:\n${out}`));
        }, timeoutMs);
        listeners.add(check);
        check();
      }),
    kill: (signal = "SIGTERM") => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
