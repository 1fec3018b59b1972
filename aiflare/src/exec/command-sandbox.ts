/**
 * A way to confine a command (the worker's bubblewrap sandbox): `executeWorkerTool` spawns the
 * argv `wrap` returns instead of the command itself, so cancel and timeouts still kill the
 * whole process group, the sandbox included.
 */
export interface CommandSandbox {
  /** The argv to spawn for `argv`, run in `cwd`, with the session's `workdir` as its writable area. */
  wrap(argv: string[], dirs: { workdir: string; cwd: string }): string[];
  /** The wrapper's own report that the command could not start (e.g. not found), from its exit and output. */
  startError?(run: { exitCode: number; output: string }, argv: string[]): string | undefined;
}
