import { randomUUID } from "node:crypto";
import { isAbsolute, join, posix } from "node:path";
import { WorkerSummary } from "@aiflare/protocol";
import { z } from "zod";
import { ValidationError, WorkerUnavailableError } from "../errors.js";
import { readJsonFile, writeJsonFile } from "../json-file.js";
const Stored = z.array(WorkerSummary);
/**
 * Every worker the hub has seen: online ones with their connection, offline ones remembered
 * (in `<dataDir>/workers.json`) so sessions keep their worker across restarts. In a cluster
 * the registry also lists workers connected to other nodes (`applyShared`) and reports its own
 * changes to the shared copy (`share`).
 */
export class WorkerRegistry {
    options;
    workers = new Map();
    listeners = new Set();
    shareHook;
    saving = Promise.resolve();
    clock;
    constructor(options = {}) {
        this.options = options;
        this.clock = options.clock ?? (() => new Date());
    }
    async load() {
        if (!this.options.dataDir)
            return;
        const parsed = Stored.safeParse(await readJsonFile(this.file()));
        if (!parsed.success)
            return;
        for (const summary of parsed.data)
            this.workers.set(summary.id, { summary: { ...summary, status: "offline" } });
    }
    /** Admits a connection; a worker that comes back with its id replaces its older connection. */
    connect(hello, connection) {
        const id = hello.workerId ?? randomUUID();
        const known = this.workers.get(id);
        const previous = known?.connection;
        const summary = {
            id,
            name: hello.name,
            status: "online",
            roots: hello.roots.map(normalizeRoot),
            lastSeen: this.clock().toISOString(),
            // Its MCP tools stay listed until the worker announces them again.
            ...(known?.summary.tools ? { tools: known.summary.tools } : {}),
            ...(hello.sandbox ? { sandbox: hello.sandbox } : {}),
        };
        this.workers.set(id, { summary, connection });
        if (previous && previous !== connection)
            previous.disconnect(true);
        this.changed(summary, true);
        return { ...summary };
    }
    /** A worker that is part of the hub itself (local mode): always online, no connection. */
    registerBuiltin(hello) {
        const summary = { id: hello.workerId, name: hello.name, status: "online", roots: hello.roots.map(normalizeRoot), lastSeen: this.clock().toISOString() };
        this.workers.set(summary.id, { summary, builtin: true });
        this.changed();
        return { ...summary };
    }
    /** The MCP tool names a worker offers (none: the field is left out). */
    setTools(workerId, names) {
        const entry = this.workers.get(workerId);
        if (!entry)
            return;
        const { tools: _old, ...rest } = entry.summary;
        entry.summary = names.length > 0 ? { ...rest, tools: [...names] } : rest;
        this.changed(entry.summary, entry.connection !== undefined);
    }
    /** Marks a worker offline, unless a newer connection has already replaced this one. */
    disconnect(workerId, connection) {
        const entry = this.workers.get(workerId);
        if (!entry || entry.connection !== connection)
            return;
        entry.connection = undefined;
        entry.summary = { ...entry.summary, status: "offline", lastSeen: this.clock().toISOString() };
        this.changed(entry.summary, false);
    }
    get(workerId) {
        const entry = this.workers.get(workerId);
        return entry ? { ...entry.summary } : undefined;
    }
    connectionOf(workerId) {
        return this.workers.get(workerId)?.connection;
    }
    list() {
        return [...this.workers.values()].map((entry) => ({ ...entry.summary }));
    }
    subscribe(listener) {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
    }
    /**
     * Checks that a session may be opened on this worker in this directory; returns the
     * normalised workdir. Unknown worker or outside the roots: 400; offline: 409.
     */
    checkWorkdir(workerId, workdir) {
        const worker = this.get(workerId);
        if (!worker) {
            throw new ValidationError(`unknown worker ${workerId}`, [{ path: "workerId", message: "no worker with this id" }]);
        }
        if (worker.status !== "online")
            throw new WorkerUnavailableError(`worker ${worker.name} (${workerId}) is offline`);
        if (!isAbsolute(workdir) && !posix.isAbsolute(workdir)) {
            throw new ValidationError("workdir must be an absolute path", [{ path: "workdir", message: "must be absolute" }]);
        }
        const normalized = normalizeRoot(workdir);
        if (!worker.roots.some((root) => isInside(root, normalized))) {
            throw new ValidationError(`workdir ${normalized} is outside the roots of worker ${worker.name}: ${worker.roots.join(", ")}`, [
                { path: "workdir", message: "outside the worker's roots" },
            ]);
        }
        return normalized;
    }
    /** Reports every later change made on this node to `hook` (cluster: to PostgreSQL). Built-in workers are not shared. */
    share(hook) {
        this.shareHook = hook;
    }
    /**
     * Takes the cluster's view of workers (connected to other nodes, or offline). A worker
     * connected here, or built in, keeps this node's entry. Listeners hear of it when anything changed.
     */
    applyShared(summaries) {
        let changed = false;
        for (const summary of summaries) {
            const entry = this.workers.get(summary.id);
            if (entry?.connection || entry?.builtin)
                continue;
            if (entry && JSON.stringify(entry.summary) === JSON.stringify(summary))
                continue;
            this.workers.set(summary.id, { summary: { ...summary } });
            changed = true;
        }
        if (changed)
            this.changed();
    }
    changed(local, connectedHere = false) {
        if (local)
            this.shareHook?.({ ...local }, connectedHere);
        const workers = this.list();
        for (const listener of this.listeners)
            listener(workers);
        if (!this.options.dataDir)
            return;
        const path = this.file();
        this.saving = this.saving.catch(() => undefined).then(() => writeJsonFile(path, workers));
    }
    /** Resolves once the latest change is on disk. */
    async saved() {
        await this.saving;
    }
    file() {
        return join(this.options.dataDir ?? ".", "workers.json");
    }
}
/** Collapses `.`/`..`/double slashes and drops a trailing slash (POSIX paths: workers report their own). */
export function normalizeRoot(path) {
    const normalized = posix.normalize(path);
    return normalized.length > 1 && normalized.endsWith("/") ? normalized.slice(0, -1) : normalized;
}
/** Lexical containment: `dir` is `root` or below it. The worker re-checks with real paths. */
export function isInside(root, dir) {
    if (root === "/")
        return dir.startsWith("/");
    return dir === root || dir.startsWith(`${root}/`);
}
//# sourceMappingURL=workers.js.map