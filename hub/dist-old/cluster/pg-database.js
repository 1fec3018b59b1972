import pg from "pg";
import { migrate } from "./pg-migrations.js";
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
/**
 * Opens a pool on `url` and brings the schema up to date (versioned migrations under an
 * advisory lock, so hubs starting together migrate once). An optional `schema` query
 * parameter puts the tables in their own schema (tests give every run its own). With
 * `idleInTransactionMs` the server ends a transaction whose client went quiet that long
 * (a paused process must not keep its row locks). `applicationName` names the connections in
 * `pg_stat_activity` (a cluster node's are `aiflare <node id>`).
 */
export async function openDatabase(url, options = {}) {
    const parsed = new URL(url);
    const schema = parsed.searchParams.get("schema") ?? "public";
    parsed.searchParams.delete("schema");
    if (!SCHEMA_NAME.test(schema))
        throw new Error(`database schema must match ${SCHEMA_NAME.source}, got ${JSON.stringify(schema)}`);
    const pool = new pg.Pool({
        connectionString: parsed.toString(),
        max: options.max ?? 8,
        options: `-c search_path=${schema}${options.idleInTransactionMs ? ` -c idle_in_transaction_session_timeout=${Math.ceil(options.idleInTransactionMs)}` : ""}`,
        connectionTimeoutMillis: 5_000,
        ...(options.applicationName ? { application_name: options.applicationName } : {}),
    });
    // A dropped idle connection must not crash the hub; the next query opens a new one.
    pool.on("error", () => undefined);
    try {
        if (schema !== "public")
            await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
        await migrate(pool);
    }
    catch (error) {
        await pool.end();
        throw error;
    }
    return {
        pool,
        schema,
        reachable: async () => {
            try {
                await pool.query("SELECT 1");
                return true;
            }
            catch {
                return false;
            }
        },
        close: () => pool.end(),
    };
}
/** Runs `body` in a transaction on one pooled client (rolled back if it throws). */
export async function inTransaction(pool, body) {
    const client = await pool.connect();
    // A checked-out client has no error listener of the pool's: a connection the server ends between
    // two statements (idle_in_transaction_session_timeout after a pause) would crash the process.
    let broken;
    const onError = (error) => (broken = error);
    client.on("error", onError);
    try {
        await client.query("BEGIN");
        const result = await body(client);
        await client.query("COMMIT");
        return result;
    }
    catch (error) {
        // A client that cannot even roll back is not given back to the pool (the next try gets a fresh one).
        const rolledBack = await client.query("ROLLBACK").then(() => true, () => false);
        if (!rolledBack)
            broken ??= error instanceof Error ? error : new Error(String(error));
        throw error;
    }
    finally {
        client.off("error", onError);
        client.release(broken);
    }
}
//# sourceMappingURL=pg-database.js.map