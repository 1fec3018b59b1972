import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_BODY_LIMIT, DEFAULT_PORT } from "./hub.js";

export const HUB_USAGE = `Usage: aiflare-hub [options]

Runs the aiflare hub: REST + Socket.IO + the web UI on one port.

Options:
  --port N          port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)
  --host HOST       address to bind (default 127.0.0.1)
  --data-dir DIR    where sessions, tokens and workers are kept
                    (default $AIFLARE_DATA_DIR or ~/.aiflare/hub)
  --max-events N    timeline events kept per session (default 20000)
  --body-limit N    largest request body in bytes (default ${DEFAULT_BODY_LIMIT})
  --coalesce-ms N   deprecated fixed tick: hold a quiet stream's first piece N ms (default 0:
                    adaptive flush, written in the next event-loop turn, merged while writing)
  -h, --help        show this help

Environment:
  AIFLARE_TOKEN         browser/REST token (generated into the data dir when absent)
  AIFLARE_WORKER_TOKEN  worker token (generated into the data dir when absent)
  OPENAI_API_KEY, OPENAI_BASE_URL, AIFLARE_MODEL   the model the agent runs on
  AIFLARE_LOG_LEVEL     pino log level (default info); logs go to stderr
`;

export interface HubArgs {
  help: boolean;
  port: number;
  host: string;
  dataDir: string;
  maxEvents?: number;
  bodyLimit?: number;
  coalesceMs?: number;
}

/** Parses argv; throws an Error with a readable message on bad input. */
export function parseHubArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): HubArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      "data-dir": { type: "string" },
      "max-events": { type: "string" },
      "body-limit": { type: "string" },
      "coalesce-ms": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
    allowPositionals: false,
  });
  const int = (name: string, value: string | undefined, min: number, max: number): number | undefined => {
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
    return n;
  };
  const maxEvents = int("max-events", values["max-events"], 1, 10_000_000);
  const bodyLimit = int("body-limit", values["body-limit"], 1024, 1024 * 1024 * 1024);
  const coalesceMs = int("coalesce-ms", values["coalesce-ms"], 0, 1000);
  return {
    help: values.help ?? false,
    port: int("port", values.port, 0, 65535) ?? DEFAULT_PORT,
    host: values.host ?? "127.0.0.1",
    dataDir: resolve(values["data-dir"] ?? env.AIFLARE_DATA_DIR ?? join(homedir(), ".aiflare", "hub")),
    ...(maxEvents !== undefined ? { maxEvents } : {}),
    ...(bodyLimit !== undefined ? { bodyLimit } : {}),
    ...(coalesceMs !== undefined ? { coalesceMs } : {}),
  };
}
