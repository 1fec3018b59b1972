import { hostname, homedir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";

export const WORKER_USAGE = `Usage: aiflare-worker --hub URL --token WORKER_TOKEN --root DIR [--root DIR2] [--name NAME] [--state FILE]

Connects to an aiflare hub and runs the agent's tool calls (shell, apply_patch) inside the
given roots. Reconnects forever; keeps its id in the state file.

Options:
  --hub URL        the hub (default http://127.0.0.1:4123)
  --token TOKEN    the hub's worker token (or AIFLARE_WORKER_TOKEN)
  --root DIR       a directory sessions may work in; repeat for more (default: the current directory)
  --name NAME      shown in the hub (default: this machine's host name)
  --state FILE     where the worker keeps its id (default ~/.aiflare/worker-NAME.json)
  -h, --help       show this help
`;

export interface WorkerArgs {
  help: boolean;
  hubUrl: string;
  token: string;
  roots: string[];
  name: string;
  stateFile: string;
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
  return {
    help,
    hubUrl,
    token: token.trim(),
    roots: (values.root ?? [cwd]).map((root) => resolve(cwd, root)),
    name,
    stateFile: resolve(cwd, values.state ?? join(homedir(), ".aiflare", `worker-${safeName}.json`)),
  };
}
