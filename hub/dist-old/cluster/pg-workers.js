import { McpToolInfo, WorkerSummary } from "@aiflare/protocol";
import { z } from "zod";
const ToolSpecs = z.array(McpToolInfo);
const HEARTBEAT = `
  INSERT INTO nodes (id, alive_until) VALUES ($1, now() + $2 * interval '1 millisecond')
  ON CONFLICT (id) DO UPDATE SET alive_until = EXCLUDED.alive_until`;
/** This node's connections are gone (it starts again, or stops). */
const RELEASE_MINE = `UPDATE workers SET node = NULL, summary = jsonb_set(summary, '{status}', '"offline"'), updated_at = now() WHERE node = $1`;
const CONNECTED = `
  INSERT INTO workers (id, summary, node, tools) VALUES ($1, $2, $3, $4)
  ON CONFLICT (id) DO UPDATE SET summary = EXCLUDED.summary, node = EXCLUDED.node, tools = EXCLUDED.tools, updated_at = now()`;
/** Offline, unless the worker is connected to another node by now. */
const NOT_CONNECTED = `
  INSERT INTO workers (id, summary, node) VALUES ($1, $2, NULL)
  ON CONFLICT (id) DO UPDATE SET summary = EXCLUDED.summary, node = NULL, updated_at = now()
  WHERE workers.node IS NULL OR workers.node = $3`;
const VIEW = `
  SELECT w.id, w.summary, w.node, w.tools, w.node IS NOT NULL AND n.alive_until > now() AS connected
  FROM workers w LEFT JOIN nodes n ON n.id = w.node ORDER BY w.id`;
/**
 * The cluster-wide worker registry in PostgreSQL: each node writes the workers connected to
 * it (with its node id) and renews a heartbeat row; every node lists them all, a worker on a
 * node whose heartbeat expired (killed) as offline. A change is told to the other nodes
 * through the bus; they also read the table every half lease time (a node that died says nothing).
 */
export class PgWorkerDirectory {
    options;
    registry;
    writes = Promise.resolve();
    reading;
    rereadWanted = false;
    timers = [];
    constructor(options) {
        this.options = options;
    }
    /** Joins: heartbeat, forgets this node's connections from before a restart, reads the others'. */
    async start(registry) {
        const { pool, nodeId, leaseMs } = this.options;
        this.registry = registry;
        await pool.query(HEARTBEAT, [nodeId, leaseMs]);
        await pool.query(RELEASE_MINE, [nodeId]);
        registry.share((summary, connectedHere) => this.write(summary, connectedHere));
        await this.refresh();
        const beat = setInterval(() => void pool.query(HEARTBEAT, [nodeId, leaseMs]).catch((error) => this.warn(error, "node heartbeat failed")), Math.max(50, leaseMs / 3));
        const read = setInterval(() => void this.refresh(), Math.max(50, leaseMs / 2));
        for (const timer of [beat, read])
            timer.unref();
        this.timers = [beat, read];
    }
    /** Reads the table again and hands the view to the registry (calls while one runs fold into one more read). */
    refresh() {
        if (this.reading) {
            this.rereadWanted = true;
            return this.reading;
        }
        this.reading = (async () => {
            do {
                this.rereadWanted = false;
                try {
                    const { rows } = await this.options.pool.query(VIEW);
                    const view = [];
                    for (const row of rows) {
                        const tools = ToolSpecs.safeParse(row.tools);
                        if (row.node !== this.options.nodeId && tools.success)
                            this.options.catalog.adopt(row.id, tools.data);
                        const parsed = WorkerSummary.safeParse(row.summary);
                        if (!parsed.success)
                            continue;
                        const online = parsed.data.status === "online" && row.connected;
                        view.push({ ...parsed.data, status: online ? "online" : "offline" });
                    }
                    this.registry?.applyShared(view);
                }
                catch (error) {
                    this.warn(error, "reading the workers failed");
                }
            } while (this.rereadWanted);
        })().finally(() => (this.reading = undefined));
        return this.reading;
    }
    /** After the node's sockets closed: its workers are offline, its heartbeat gone, the others told. */
    async close() {
        for (const timer of this.timers)
            clearInterval(timer);
        await this.writes;
        try {
            await this.options.pool.query(RELEASE_MINE, [this.options.nodeId]);
            await this.options.pool.query("DELETE FROM nodes WHERE id = $1", [this.options.nodeId]);
            this.options.notify();
        }
        catch (error) {
            this.warn(error, "could not mark this node's workers offline");
        }
    }
    write(summary, connectedHere) {
        const { pool, nodeId } = this.options;
        this.writes = this.writes
            .then(async () => {
            const written = connectedHere
                ? await pool.query(CONNECTED, [summary.id, JSON.stringify(summary), nodeId, JSON.stringify(this.options.catalog.of(summary.id))])
                : await pool.query(NOT_CONNECTED, [summary.id, JSON.stringify(summary), nodeId]);
            this.options.notify();
            // Not written: the worker is connected to another node by now; list it as the table says.
            if (written.rowCount === 0)
                await this.refresh();
        })
            .catch((error) => this.warn(error, "saving a worker failed"));
    }
    warn(error, message) {
        this.options.logger.warn({ err: error instanceof Error ? error.message : String(error) }, message);
    }
}
//# sourceMappingURL=pg-workers.js.map