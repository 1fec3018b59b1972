import { execFile } from "node:child_process";

/** The output of one git command; `code` is its exit status (git diff --no-index exits 1 when files differ). */
export interface GitRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs git in `cwd` without taking the index lock (GIT_OPTIONAL_LOCKS=0), so looking never
 * collides with a git command the agent runs at the same moment.
 */
export function git(cwd: string, args: string[], maxBuffer = 64 * 1024 * 1024): Promise<GitRun> {
  return new Promise((resolve, reject) => {
    execFile(
      "git",
      ["-c", "core.quotepath=off", "-c", "diff.noprefix=false", ...args],
      { cwd, maxBuffer, encoding: "utf8", env: { ...process.env, GIT_OPTIONAL_LOCKS: "0", GIT_TERMINAL_PROMPT: "0", LC_ALL: "C" } },
      (error, stdout, stderr) => {
        const code = error && typeof (error as { code?: unknown }).code === "number" ? (error as { code: number }).code : error ? -1 : 0;
        if (error && code === -1) return reject(new Error(`git ${args[0] ?? ""} failed: ${error.message}`));
        resolve({ code, stdout, stderr });
      },
    );
  });
}
