import { describe, expect, it } from "vitest";
import { parseWorkerArgs } from "../src/cli-args.js";
import { sandboxedArgv } from "../src/sandbox/bwrap-argv.js";
import { commandSandbox } from "../src/sandbox/command-sandbox.js";
import { sandboxTerminalWrapper } from "../src/sandbox/terminal-wrapper.js";

describe("sandbox argv (shared by shell calls and terminals)", () => {
  const argv = ["bash", "-lc", "make test"];

  it("workspace-write: read-only system, fresh /dev, /proc and /tmp, the workdir bound writable after /tmp, no network", () => {
    expect(sandboxedArgv({ mode: "workspace-write", workdir: "/tmp/repo", argv, allowNetwork: false, cwd: "/tmp/repo/sub" })).toEqual([
      "bwrap", "--die-with-parent", "--unshare-pid", "--unshare-net",
      "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp",
      "--bind", "/tmp/repo", "/tmp/repo", "--chdir", "/tmp/repo/sub", "--", ...argv,
    ]);
  });

  it("read-only binds the workdir read-only; --allow-network keeps the network; off is the command itself", () => {
    const readOnly = sandboxedArgv({ mode: "read-only", workdir: "/srv/w", argv, allowNetwork: true, bwrap: "/usr/bin/bwrap" });
    expect(readOnly[0]).toBe("/usr/bin/bwrap");
    expect(readOnly).not.toContain("--unshare-net");
    expect(readOnly).not.toContain("--bind");
    expect(readOnly.join(" ")).toContain("--ro-bind /srv/w /srv/w --chdir /srv/w -- bash -lc make test");
    expect(sandboxedArgv({ mode: "off", workdir: "/srv/w", argv, allowNetwork: false })).toEqual(argv);
  });

  it("bubblewrap's own 'cannot exec' reads like a command that was not found", () => {
    const sandbox = commandSandbox("workspace-write", false)!;
    expect(sandbox.startError?.({ exitCode: 1, output: "bwrap: execvp nope: No such file or directory\n" }, ["nope"])).toBe("command not found: nope");
    expect(sandbox.startError?.({ exitCode: 1, output: "bwrap: execvp ./x: Permission denied\n" }, ["./x"])).toBe("permission denied: ./x");
    // A command that fails by itself is not a start error.
    expect(sandbox.startError?.({ exitCode: 1, output: "grep: nope: No such file or directory\n" }, ["grep"])).toBeUndefined();
    expect(commandSandbox("off", false)).toBeUndefined();
  });

  it("parses --sandbox, --allow-network and --mcp-config", () => {
    const args = parseWorkerArgs(["--token", "t", "--sandbox", "read-only", "--allow-network", "--mcp-config", "mcp.json"], {}, "/home/me");
    expect(args).toMatchObject({ sandbox: "read-only", allowNetwork: true, mcpConfig: "/home/me/mcp.json" });
    expect(parseWorkerArgs(["--token", "t"], {}, "/home/me")).toMatchObject({ allowNetwork: false });
    expect(parseWorkerArgs(["--token", "t"], {}, "/home/me").sandbox).toBeUndefined();
    expect(() => parseWorkerArgs(["--token", "t", "--sandbox", "strict"], {}, "/")).toThrow(/--sandbox must be workspace-write, read-only or off/);
  });
});

describe("terminals follow the sandbox", () => {
  it("wraps a terminal's shell in bubblewrap with its workdir bound, and leaves it alone when the sandbox is off", () => {
    const shell = { file: "/bin/bash", args: ["-i"], cwd: "/srv/w", env: { TERM: "xterm-256color" } };
    const wrapped = sandboxTerminalWrapper("workspace-write", false, "/usr/bin/bwrap")?.(shell);
    expect(wrapped?.file).toBe("/usr/bin/bwrap");
    expect(wrapped?.args).toEqual(expect.arrayContaining(["--unshare-net", "--bind", "/srv/w", "--chdir", "--", "/bin/bash", "-i"]));
    expect(wrapped?.cwd).toBe("/srv/w");
    expect(wrapped?.env).toEqual(shell.env);
    expect(sandboxTerminalWrapper("off", false)).toBeUndefined();
  });
});
