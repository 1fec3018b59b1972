/** What a terminal runs: the program and its arguments, in the workdir. */
export interface TerminalCommand {
  file: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
}

/** Wraps a terminal's command (e.g. in the worker's sandbox) before it is spawned. */
export type TerminalCommandWrapper = (command: TerminalCommand) => TerminalCommand;

/** The user's login shell (`$SHELL`, else bash, else sh), interactive, started in `cwd`. */
export function defaultTerminalCommand(cwd: string, env: NodeJS.ProcessEnv = process.env): TerminalCommand {
  const shell = env.SHELL && env.SHELL.trim() !== "" ? env.SHELL : "/bin/bash";
  const clean: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined && !key.startsWith("AIFLARE_")) clean[key] = value;
  return { file: shell, args: ["-i"], cwd, env: { ...clean, TERM: "xterm-256color", COLORTERM: "truecolor" } };
}

/**
 * The one seam every terminal's argv passes through before it is spawned. The worker's
 * sandbox (bubblewrap) wraps the command here, so a terminal runs under the same settings as
 * the agent's commands. Without a wrapper the command runs as it is.
 */
export function terminalSpawnCommand(command: TerminalCommand, wrap?: TerminalCommandWrapper): TerminalCommand {
  return wrap ? wrap(command) : command;
}
