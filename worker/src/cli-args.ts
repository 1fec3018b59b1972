import { hostname, homedir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { SandboxMode } from "@aiflare/protocol";

export const WORKER_USAGE = `Usage: aiflare-worker --hub URL --token WORKER_TOKEN --root DIR [--root DIR2] [--name NAME] [--state FILE]
                      [--mcp-config FILE] [--sandbox workspace-write|read-only|off] [--allow-network]

Connects to an aiflare hub and runs the agent's tool calls (shell, apply_patch) inside the
given roots. Reconnects forever; keeps its id in the state file.

Options:
  --hub URL        the hub (default http://127.0.0.1:4123)
  --token TOKEN    the hub's worker token (or AIFLARE_WORKER_TOKEN)
  --root DIR       a directory sessions may work in; repeat for more (default: the current directory)
  --name NAME      shown in the hub (default: this machine's host name)
  --state FILE     where the worker keeps its id (default ~/.aiflare/worker-NAME.json)
  --mcp-config FILE  MCP servers to offer as tools: {"mcpServers": {"NAME": {"command", "args", "env"}}}
  --sandbox MODE   how commands run: workspace-write (write only in the session's workdir and a
                   private /tmp), read-only, or off; default workspace-write where bubblewrap works
  --allow-network  let sandboxed commands reach the network (off by default)
  -h, --help       show this help
`;

export interface WorkerArgs {
  help: boolean;
  hubUrl: string;
  token: string;
  roots: string[];
  name: string;
  stateFile: string;
  /** `--mcp-config`, resolved. */
  mcpConfig?: string;
  /** `--sandbox` as given; absent: decided at start by whether bubblewrap works. */
  sandbox?: SandboxMode;
  allowNetwork: boolean;
}

/** Parses argv; throws an Error with a readable message on bad input. */
export function parseWorkerArgs(argv: string[], env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): WorkerArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      hub: { type: "string" },
      token: { type: "string" },
      root: { type: "string", multiple: true },
      name: { type: "string" },
      state: { type: "string" },
      "mcp-config": { type: "string" },
      sandbox: { type: "string" },
      "allow-network": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
    allowPositionals: false,
  });
  const help = values.help ?? false;
  const token = values.token ?? env.AIFLARE_WORKER_TOKEN ?? "";
  if (!help && token.trim() === "") throw new Error("a worker token is needed: --token TOKEN or AIFLARE_WORKER_TOKEN (the hub prints it at start)");
  const hubUrl = values.hub ?? "http://127.0.0.1:4123";
  if (!/^https?:\/\//.test(hubUrl)) throw new Error(`--hub must be an http(s) URL, got ${JSON.stringify(hubUrl)}`);
  const name = values.name ?? hostname();
  const safeName = name.replace(/[^A-Za-z0-9_.-]/g, "_");
  const sandbox = values.sandbox === undefined ? undefined : SandboxMode.safeParse(values.sandbox);
  if (sandbox && !sandbox.success) throw new Error(`--sandbox must be workspace-write, read-only or off, got ${JSON.stringify(values.sandbox)}`);
  return {
    help,
    hubUrl,
    token: token.trim(),
    roots: (values.root ?? [cwd]).map((root) => resolve(cwd, root)),
    name,
    stateFile: resolve(cwd, values.state ?? join(homedir(), ".aiflare", `worker-${safeName}.json`)),
    ...(values["mcp-config"] !== undefined ? { mcpConfig: resolve(cwd, values["mcp-config"]) } : {}),
    ...(sandbox ? { sandbox: sandbox.data } : {}),
    allowNetwork: values["allow-network"] ?? false,
  };
}
