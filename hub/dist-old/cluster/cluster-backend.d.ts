import type { Logger } from "../logger.js";
import type { HubBackend } from "./backend.js";
/** How a node joins the cluster. */
export interface ClusterOptions {
    /** `redis://host:port`; an optional `?prefix=` names the channels (default `aiflare`). */
    redisUrl: string;
    /** `postgres://...`; an optional `?schema=` puts the tables in their own schema. */
    databaseUrl: string;
    nodeId: string;
    /** Lease time in ms (default 10 s). */
    leaseMs?: number;
}
/**
 * A cluster node: timeline and leases in PostgreSQL (fenced appends), live traffic and
 * node-to-node messages through the Socket.IO Redis adapter, websocket transport only
 * (a load balancer needs no sticky sessions).
 */
export declare function startClusterBackend(options: ClusterOptions, logger: Logger): Promise<HubBackend>;
//# sourceMappingURL=cluster-backend.d.ts.map