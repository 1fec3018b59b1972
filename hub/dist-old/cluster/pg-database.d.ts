import pg from "pg";
/** A pool on the hub's schema; every statement of the cluster backend goes through it. */
export interface PgDatabase {
    pool: pg.Pool;
    /** The schema the tables live in (`public` unless the URL names one with `?schema=`). */
    schema: string;
    /** True when a trivial query answers. */
    reachable(): Promise<boolean>;
    close(): Promise<void>;
}
/**
 * Opens a pool on `url` and brings the schema up to date (versioned migrations under an
 * advisory lock, so hubs starting together migrate once). An optional `schema` query
 * parameter puts the tables in their own schema (tests give every run its own). With
 * `idleInTransactionMs` the server ends a transaction whose client went quiet that long
 * (a paused process must not keep its row locks). `applicationName` names the connections in
 * `pg_stat_activity` (a cluster node's are `aiflare <node id>`).
 */
export declare function openDatabase(url: string, options?: {
    max?: number;
    idleInTransactionMs?: number;
    applicationName?: string;
}): Promise<PgDatabase>;
/** Runs `body` in a transaction on one pooled client (rolled back if it throws). */
export declare function inTransaction<T>(pool: pg.Pool, body: (client: pg.PoolClient) => Promise<T>): Promise<T>;
//# sourceMappingURL=pg-database.d.ts.map