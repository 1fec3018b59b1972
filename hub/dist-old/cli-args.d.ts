export declare const HUB_USAGE = "Usage: aiflare-hub [options]\n\nRuns the aiflare hub: REST + Socket.IO + the web UI on one port.\n\nOptions:\n  --port N          port to listen on (default 4123; 0 picks a free one)\n  --host HOST       address to bind (default 127.0.0.1)\n  --data-dir DIR    where sessions, tokens and workers are kept\n                    (default $AIFLARE_DATA_DIR or ~/.aiflare/hub)\n  --max-events N    timeline events kept per session (default 20000)\n  --body-limit N    largest request body in bytes (default 1048576)\n  --coalesce-ms N   deprecated fixed tick: hold a quiet stream's first piece N ms (default 0:\n                    adaptive flush, written in the next event-loop turn, merged while writing)\n  --redis URL       cluster mode: Redis for live traffic between hub nodes ($AIFLARE_REDIS_URL)\n  --database URL    cluster mode: PostgreSQL for timelines and session leases ($AIFLARE_DATABASE_URL)\n  --node-id ID      this node's name in the cluster (default: host name and port)\n  --lease-ms N      cluster mode: how long a node's hold on a session lasts unrenewed (default 10000)\n  -h, --help        show this help\n\nEnvironment:\n  AIFLARE_TOKEN         browser/REST token (generated into the data dir when absent)\n  AIFLARE_WORKER_TOKEN  worker token (generated into the data dir when absent)\n  OPENAI_API_KEY, OPENAI_BASE_URL, AIFLARE_MODEL   the model the agent runs on\n  AIFLARE_LOG_LEVEL     pino log level (default info); logs go to stderr\n";
export interface HubArgs {
    help: boolean;
    port: number;
    host: string;
    dataDir: string;
    maxEvents?: number;
    bodyLimit?: number;
    coalesceMs?: number;
    /** Cluster mode (both set): Redis and PostgreSQL URLs. */
    cluster?: {
        redisUrl: string;
        databaseUrl: string;
        leaseMs?: number;
    };
    nodeId?: string;
}
/** Parses argv; throws an Error with a readable message on bad input. */
export declare function parseHubArgs(argv: string[], env?: NodeJS.ProcessEnv): HubArgs;
//# sourceMappingURL=cli-args.d.ts.map