import type { SandboxMode } from "@aiflare/protocol";
import type { TerminalCommandWrapper } from "../terminal/spawn-command.js";
import { sandboxedArgv } from "./bwrap-argv.js";

/** Terminals follow the worker's `--sandbox` like commands do: the shell starts inside bubblewrap (none for `off`). */
export function sandboxTerminalWrapper(mode: SandboxMode, allowNetwork: boolean, bwrap?: string): TerminalCommandWrapper | undefined {
  if (mode === "off") return undefined;
  return (command) => {
    const argv = sandboxedArgv({ mode, workdir: command.cwd, argv: [command.file, ...command.args], allowNetwork, cwd: command.cwd, ...(bwrap ? { bwrap } : {}) });
    return { ...command, file: argv[0] ?? command.file, args: argv.slice(1) };
  };
}
