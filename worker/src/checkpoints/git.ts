import { spawn } from "node:child_process";

/** A git command that failed, with what it printed on stderr. */
export class GitError extends Error {
  constructor(
    message: string,
    readonly exitCode: number | null,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export interface GitRun {
  /** Extra environment (GIT_INDEX_FILE ...) on top of a cleaned one. */
  env?: Record<string, string>;
  input?: Buffer | string;
  /** Exit codes that are not failures (`diff --quiet` answers 1 for "differs"). */
  okCodes?: number[];
}

/**
 * Runs `git` with the inherited environment stripped of every GIT_* variable, so nothing
 * the worker was started with (GIT_DIR, GIT_WORK_TREE, GIT_INDEX_FILE ...) can point a
 * checkpoint at the user's own repository. Answers stdout as bytes.
 */
export function git(args: readonly string[], run: GitRun = {}): Promise<{ stdout: Buffer; code: number }> {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith("GIT_")) env[key] = value;
  Object.assign(env, { GIT_CONFIG_NOSYSTEM: "1", GIT_TERMINAL_PROMPT: "0", LC_ALL: "C" }, run.env);
  return new Promise((resolve, reject) => {
    const child = spawn("git", args, { env, stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    child.once("error", (error) => reject(new GitError(`git could not start: ${error.message}`, null)));
    child.once("close", (code) => {
      if (code === 0 || (code !== null && run.okCodes?.includes(code))) resolve({ stdout: Buffer.concat(out), code: code ?? 0 });
      else reject(new GitError(`git ${args.filter((a) => !a.startsWith("--git-dir") && !a.startsWith("--work-tree")).join(" ").slice(0, 200)} failed (${code}): ${err.trim().slice(0, 2000)}`, code));
    });
    child.stdin.on("error", () => undefined); // git may exit before reading all input
    child.stdin.end(run.input ?? "");
  });
}

/** The installed git's version line, or undefined when there is no git on this machine. */
export async function gitVersion(): Promise<string | undefined> {
  try {
    return (await git(["--version"])).stdout.toString().trim();
  } catch {
    return undefined;
  }
}
