import type pg from "pg";
import type { Logger } from "../logger.js";
import type { WorkerToolCatalog } from "../registry/worker-tools.js";
import type { WorkerRegistry } from "../registry/workers.js";
type SharedRegistry = Pick<WorkerRegistry, "share" | "applyShared">;
type SharedCatalog = Pick<WorkerToolCatalog, "of" | "adopt">;
export interface PgWorkerDirectoryOptions {
    pool: pg.Pool;
    nodeId: string;
    /** A node whose heartbeat is older than this is gone, and so are its workers' connections. */
    leaseMs: number;
    logger: Pick<Logger, "warn">;
    /** Tells the other nodes the workers changed (the cluster bus). */
    notify: () => void;
    /** The MCP tool specs: written for workers connected here, adopted for the others. */
    catalog: SharedCatalog;
}
/**
 * The cluster-wide worker registry in PostgreSQL: each node writes the workers connected to
 * it (with its node id) and renews a heartbeat row; every node lists them all, a worker on a
 * node whose heartbeat expired (killed) as offline. A change is told to the other nodes
 * through the bus; they also read the table every half lease time (a node that died says nothing).
 */
export declare class PgWorkerDirectory {
    private readonly options;
    private registry;
    private writes;
    private reading;
    private rereadWanted;
    private timers;
    constructor(options: PgWorkerDirectoryOptions);
    /** Joins: heartbeat, forgets this node's connections from before a restart, reads the others'. */
    start(registry: SharedRegistry): Promise<void>;
    /** Reads the table again and hands the view to the registry (calls while one runs fold into one more read). */
    refresh(): Promise<void>;
    /** After the node's sockets closed: its workers are offline, its heartbeat gone, the others told. */
    close(): Promise<void>;
    private write;
    private warn;
}
export {};
//# sourceMappingURL=pg-workers.d.ts.map