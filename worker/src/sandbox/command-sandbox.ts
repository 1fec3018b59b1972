import type { CommandSandbox } from "@aiflare/core";
import type { SandboxMode } from "@aiflare/protocol";
import { sandboxedArgv } from "./bwrap-argv.js";

/** bubblewrap's own report that it could not exec the command (exit 1, nothing else printed). */
const EXEC_FAILED = /^bwrap: execvp [^\n]*: (No such file or directory|Permission denied)\n?$/;

/**
 * The shell-call sandbox for a worker's mode: commands are wrapped with bubblewrap (see
 * `sandboxedArgv`), and bubblewrap's "cannot exec" becomes the same "command not found: X"
 * (exit 127) a command gets without a sandbox. `off` wraps nothing.
 */
export function commandSandbox(mode: SandboxMode, allowNetwork: boolean, bwrap = "bwrap"): CommandSandbox | undefined {
  if (mode === "off") return undefined;
  return {
    wrap: (argv, { workdir, cwd }) => sandboxedArgv({ mode, workdir, cwd, argv, allowNetwork, bwrap }),
    startError: (run, argv) => {
      const match = run.exitCode === 1 ? EXEC_FAILED.exec(run.output) : null;
      if (!match) return undefined;
      return match[1] === "Permission denied" ? `permission denied: ${argv[0]}` : `command not found: ${argv[0]}`;
    },
  };
}
