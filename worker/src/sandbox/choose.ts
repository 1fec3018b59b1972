import { execFile } from "node:child_process";
import { access, constants, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import type { SandboxMode } from "@aiflare/protocol";
import { sandboxedArgv } from "./bwrap-argv.js";

/** The mode a worker runs commands in, why, and the bwrap it uses. */
export interface SandboxChoice {
  mode: SandboxMode;
  /** One line for people, e.g. "bwrap not found: sandbox off". */
  reason: string;
  bwrap?: string;
}

/** An executable named `name` on PATH, like `command -v`. */
export async function findExecutable(name: string, path = process.env.PATH ?? ""): Promise<string | undefined> {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, name);
    if (await access(candidate, constants.X_OK).then(() => true, () => false)) return candidate;
  }
  return undefined;
}

/** Runs a trivial command in the sandbox; resolves to undefined when it works, else bwrap's complaint. */
export async function probeBwrap(bwrap: string, mode: Exclude<SandboxMode, "off">, allowNetwork: boolean): Promise<string | undefined> {
  const dir = await mkdtemp(join(tmpdir(), "aiflare-sandbox-probe-"));
  try {
    const [file, ...args] = sandboxedArgv({ mode, workdir: dir, argv: ["true"], allowNetwork, bwrap });
    return await new Promise<string | undefined>((resolve) => {
      execFile(file!, args, { timeout: 10_000 }, (error, _stdout, stderr) => {
        resolve(error ? (stderr.trim().split("\n")[0] || error.message) : undefined);
      });
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Decides the sandbox at worker start. Asked for `off`: off. Not asked: `workspace-write` when
 * bubblewrap is installed and really works here (it needs user namespaces or root), else off
 * with the reason. Asked for a sandbox that cannot work: an error, never a silent downgrade.
 */
export async function chooseSandbox(requested: SandboxMode | undefined, allowNetwork: boolean, path = process.env.PATH): Promise<SandboxChoice> {
  if (requested === "off") return { mode: "off", reason: "--sandbox off: commands run with the worker's full rights" };
  const mode = requested ?? "workspace-write";
  const bwrap = await findExecutable("bwrap", path);
  if (!bwrap) {
    if (requested) throw new Error(`--sandbox ${requested} needs bubblewrap, and bwrap is not on PATH (Debian: apt-get install bubblewrap)`);
    return { mode: "off", reason: "bwrap not found: sandbox off (install bubblewrap to confine commands)" };
  }
  const failure = await probeBwrap(bwrap, mode, allowNetwork);
  if (failure) {
    if (requested) throw new Error(`--sandbox ${requested}: bwrap does not work here (${failure})`);
    return { mode: "off", reason: `bwrap does not work here (${failure}): sandbox off` };
  }
  const scope = mode === "workspace-write" ? "commands write only in the session's workdir and a private /tmp" : "commands cannot write the workdir (a private /tmp only)";
  return { mode, reason: `${requested ? `--sandbox ${mode}` : "bwrap works here"}: ${scope}; network ${allowNetwork ? "allowed" : "off"}`, bwrap };
}
