import { quote } from "shell-quote";

/** An argv as one line a POSIX shell runs the same way (parts quoted where needed). */
export function argvLine(argv: readonly string[]): string {
  return quote([...argv]);
}

/**
 * The command line a `shell` call runs, as a person would type it: the script of
 * `bash -lc SCRIPT` (how models call it), any other argv as `argvLine` gives it.
 */
export function commandLine(args: Record<string, unknown>): string {
  const command = Array.isArray(args.command) ? (args.command as unknown[]).map(String) : [];
  if (command.length === 3 && command[0] === "bash" && (command[1] === "-lc" || command[1] === "-c")) return command[2] ?? "";
  return argvLine(command);
}
