import { WorkerSummary, type SandboxMode } from "@aiflare/protocol";
/** What the registry needs of a live connection. */
export interface WorkerConnection {
    disconnect(close?: boolean): unknown;
}
export type WorkersListener = (workers: WorkerSummary[]) => void;
/** Hears of each change made on this node: the worker, and whether this node holds its connection. */
export type WorkerShareHook = (summary: WorkerSummary, connectedHere: boolean) => void;
/**
 * Every worker the hub has seen: online ones with their connection, offline ones remembered
 * (in `<dataDir>/workers.json`) so sessions keep their worker across restarts. In a cluster
 * the registry also lists workers connected to other nodes (`applyShared`) and reports its own
 * changes to the shared copy (`share`).
 */
export declare class WorkerRegistry<C extends WorkerConnection = WorkerConnection> {
    private readonly options;
    private readonly workers;
    private readonly listeners;
    private shareHook;
    private saving;
    private readonly clock;
    constructor(options?: {
        dataDir?: string;
        clock?: () => Date;
    });
    load(): Promise<void>;
    /** Admits a connection; a worker that comes back with its id replaces its older connection. */
    connect(hello: {
        workerId?: string;
        name: string;
        roots: string[];
        sandbox?: SandboxMode;
    }, connection: C): WorkerSummary;
    /** A worker that is part of the hub itself (local mode): always online, no connection. */
    registerBuiltin(hello: {
        workerId: string;
        name: string;
        roots: string[];
    }): WorkerSummary;
    /** The MCP tool names a worker offers (none: the field is left out). */
    setTools(workerId: string, names: string[]): void;
    /** Marks a worker offline, unless a newer connection has already replaced this one. */
    disconnect(workerId: string, connection: C): void;
    get(workerId: string): WorkerSummary | undefined;
    connectionOf(workerId: string): C | undefined;
    list(): WorkerSummary[];
    subscribe(listener: WorkersListener): () => void;
    /**
     * Checks that a session may be opened on this worker in this directory; returns the
     * normalised workdir. Unknown worker or outside the roots: 400; offline: 409.
     */
    checkWorkdir(workerId: string, workdir: string): string;
    /** Reports every later change made on this node to `hook` (cluster: to PostgreSQL). Built-in workers are not shared. */
    share(hook: WorkerShareHook): void;
    /**
     * Takes the cluster's view of workers (connected to other nodes, or offline). A worker
     * connected here, or built in, keeps this node's entry. Listeners hear of it when anything changed.
     */
    applyShared(summaries: readonly WorkerSummary[]): void;
    private changed;
    /** Resolves once the latest change is on disk. */
    saved(): Promise<void>;
    private file;
}
/** Collapses `.`/`..`/double slashes and drops a trailing slash (POSIX paths: workers report their own). */
export declare function normalizeRoot(path: string): string;
/** Lexical containment: `dir` is `root` or below it. The worker re-checks with real paths. */
export declare function isInside(root: string, dir: string): boolean;
//# sourceMappingURL=workers.d.ts.map