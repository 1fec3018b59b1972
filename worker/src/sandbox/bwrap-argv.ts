import type { SandboxMode } from "@aiflare/protocol";

/** What a sandboxed process may touch: its writable workdir (unless read-only), and the network if allowed. */
export interface SandboxSpec {
  mode: SandboxMode;
  /** The session's working directory: writable under `workspace-write`, read-only under `read-only`. */
  workdir: string;
  /** The command (execvp semantics). */
  argv: string[];
  allowNetwork: boolean;
  /** Where the command starts (default: the workdir). */
  cwd?: string;
  /** The bubblewrap executable (default `bwrap` from PATH). */
  bwrap?: string;
}

/**
 * The argv to spawn for a command under a sandbox mode — for shell calls and for terminals
 * alike, so both follow the worker's `--sandbox`. `off` returns the command unchanged.
 * Under bubblewrap the system is a read-only view, `/tmp` a private tmpfs, `/dev` and `/proc`
 * fresh, the workdir bound writable (or read-only), the network unshared unless allowed, and
 * the sandbox dies with the worker (`--die-with-parent`) and owns its own pid namespace, so
 * nothing started inside outlives it. No `--new-session`: a terminal keeps its tty, and the
 * process group stays the one the caller kills on cancel.
 */
export function sandboxedArgv(spec: SandboxSpec): string[] {
  if (spec.mode === "off") return [...spec.argv];
  const bind = spec.mode === "workspace-write" ? "--bind" : "--ro-bind";
  return [
    spec.bwrap ?? "bwrap",
    "--die-with-parent",
    "--unshare-pid",
    ...(spec.allowNetwork ? [] : ["--unshare-net"]),
    "--ro-bind", "/", "/",
    "--dev", "/dev",
    "--proc", "/proc",
    "--tmpfs", "/tmp",
    // After the tmpfs, so a workdir below /tmp is bound over it.
    bind, spec.workdir, spec.workdir,
    "--chdir", spec.cwd ?? spec.workdir,
    "--",
    ...spec.argv,
  ];
}
