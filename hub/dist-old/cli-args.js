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
  --redis URL       cluster mode: Redis for live traffic between hub nodes ($AIFLARE_REDIS_URL)
  --database URL    cluster mode: PostgreSQL for timelines and session leases ($AIFLARE_DATABASE_URL)
  --node-id ID      this node's name in the cluster (default: host name and port)
  --lease-ms N      cluster mode: how long a node's hold on a session lasts unrenewed (default 10000)
  -h, --help        show this help

Environment:
  AIFLARE_TOKEN         browser/REST token (generated into the data dir when absent)
  AIFLARE_WORKER_TOKEN  worker token (generated into the data dir when absent)
  OPENAI_API_KEY, OPENAI_BASE_URL, AIFLARE_MODEL   the model the agent runs on
  AIFLARE_LOG_LEVEL     pino log level (default info); logs go to stderr
`;
/** Parses argv; throws an Error with a readable message on bad input. */
export function parseHubArgs(argv, env = process.env) {
    const { values } = parseArgs({
        args: argv,
        options: {
            port: { type: "string" },
            host: { type: "string" },
            "data-dir": { type: "string" },
            "max-events": { type: "string" },
            "body-limit": { type: "string" },
            "coalesce-ms": { type: "string" },
            redis: { type: "string" },
            database: { type: "string" },
            "node-id": { type: "string" },
            "lease-ms": { type: "string" },
            help: { type: "boolean", short: "h" },
        },
        strict: true,
        allowPositionals: false,
    });
    const int = (name, value, min, max) => {
        if (value === undefined)
            return undefined;
        const n = Number(value);
        if (!Number.isInteger(n) || n < min || n > max)
            throw new Error(`--${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
        return n;
    };
    const maxEvents = int("max-events", values["max-events"], 1, 10_000_000);
    const bodyLimit = int("body-limit", values["body-limit"], 1024, 1024 * 1024 * 1024);
    const coalesceMs = int("coalesce-ms", values["coalesce-ms"], 0, 1000);
    const leaseMs = int("lease-ms", values["lease-ms"], 100, 600_000);
    const redisUrl = values.redis ?? env.AIFLARE_REDIS_URL;
    const databaseUrl = values.database ?? env.AIFLARE_DATABASE_URL;
    if ((redisUrl === undefined) !== (databaseUrl === undefined)) {
        throw new Error("cluster mode needs both --redis and --database (or AIFLARE_REDIS_URL and AIFLARE_DATABASE_URL)");
    }
    if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl))
        throw new Error(`--database must be a postgres:// URL`);
    if (redisUrl !== undefined && !/^rediss?:\/\//.test(redisUrl))
        throw new Error(`--redis must be a redis:// URL`);
    const nodeId = values["node-id"];
    if (nodeId !== undefined && !/^[A-Za-z0-9._:@-]{1,200}$/.test(nodeId))
        throw new Error(`--node-id may use letters, digits and . _ : @ - (up to 200), got ${JSON.stringify(nodeId)}`);
    return {
        help: values.help ?? false,
        port: int("port", values.port, 0, 65535) ?? DEFAULT_PORT,
        host: values.host ?? "127.0.0.1",
        dataDir: resolve(values["data-dir"] ?? env.AIFLARE_DATA_DIR ?? join(homedir(), ".aiflare", "hub")),
        ...(maxEvents !== undefined ? { maxEvents } : {}),
        ...(bodyLimit !== undefined ? { bodyLimit } : {}),
        ...(coalesceMs !== undefined ? { coalesceMs } : {}),
        ...(redisUrl !== undefined && databaseUrl !== undefined ? { cluster: { redisUrl, databaseUrl, ...(leaseMs !== undefined ? { leaseMs } : {}) } } : {}),
        ...(nodeId !== undefined ? { nodeId } : {}),
    };
}
//# sourceMappingURL=cli-args.js.map