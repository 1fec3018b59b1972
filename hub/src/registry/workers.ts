import { randomUUID } from "node:crypto";
import { isAbsolute, join, posix } from "node:path";
import { WorkerSummary, type SandboxMode } from "@aiflare/protocol";
import { z } from "zod";
import { ValidationError, WorkerUnavailableError } from "../errors.js";
import { readJsonFile, writeJsonFile } from "../json-file.js";

/** What the registry needs of a live connection. */
export interface WorkerConnection {
  disconnect(close?: boolean): unknown;
}

export type WorkersListener = (workers: WorkerSummary[]) => void;

/** Hears of each change made on this node: the worker, and whether this node holds its connection. */
export type WorkerShareHook = (summary: WorkerSummary, connectedHere: boolean) => void;

const Stored = z.array(WorkerSummary);

/**
 * Every worker the hub has seen: online ones with their connection, offline ones remembered
 * (in `<dataDir>/workers.json`) so sessions keep their worker across restarts. In a cluster
 * the registry also lists workers connected to other nodes (`applyShared`) and reports its own
 * changes to the shared copy (`share`).
 */
export class WorkerRegistry<C extends WorkerConnection = WorkerConnection> {
  private readonly workers = new Map<string, { summary: WorkerSummary; connection?: C; builtin?: true }>();
  private readonly listeners = new Set<WorkersListener>();
  private shareHook: WorkerShareHook | undefined;
  private saving: Promise<void> = Promise.resolve();
  private readonly clock: () => Date;

  constructor(private readonly options: { dataDir?: string; clock?: () => Date } = {}) {
    this.clock = options.clock ?? (() => new Date());
  }

  async load(): Promise<void> {
    if (!this.options.dataDir) return;
    const parsed = Stored.safeParse(await readJsonFile(this.file()));
    if (!parsed.success) return;
    for (const summary of parsed.data) this.workers.set(summary.id, { summary: { ...summary, status: "offline" } });
  }

  /** Admits a connection; a worker that comes back with its id replaces its older connection. */
  connect(hello: { workerId?: string; name: string; roots: string[]; sandbox?: SandboxMode }, connection: C): WorkerSummary {
    const id = hello.workerId ?? randomUUID();
    const known = this.workers.get(id);
    const previous = known?.connection;
    const summary: WorkerSummary = {
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
    if (previous && previous !== connection) previous.disconnect(true);
    this.changed(summary, true);
    return { ...summary };
  }

  /** A worker that is part of the hub itself (local mode): always online, no connection. */
  registerBuiltin(hello: { workerId: string; name: string; roots: string[] }): WorkerSummary {
    const summary: WorkerSummary = { id: hello.workerId, name: hello.name, status: "online", roots: hello.roots.map(normalizeRoot), lastSeen: this.clock().toISOString() };
    this.workers.set(summary.id, { summary, builtin: true });
    this.changed();
    return { ...summary };
  }

  /** The MCP tool names a worker offers (none: the field is left out). */
  setTools(workerId: string, names: string[]): void {
    const entry = this.workers.get(workerId);
    if (!entry) return;
    const { tools: _old, ...rest } = entry.summary;
    entry.summary = names.length > 0 ? { ...rest, tools: [...names] } : rest;
    this.changed(entry.summary, entry.connection !== undefined);
  }

  /** Marks a worker offline, unless a newer connection has already replaced this one. */
  disconnect(workerId: string, connection: C): void {
    const entry = this.workers.get(workerId);
    if (!entry || entry.connection !== connection) return;
    entry.connection = undefined;
    entry.summary = { ...entry.summary, status: "offline", lastSeen: this.clock().toISOString() };
    this.changed(entry.summary, false);
  }

  get(workerId: string): WorkerSummary | undefined {
    const entry = this.workers.get(workerId);
    return entry ? { ...entry.summary } : undefined;
  }

  connectionOf(workerId: string): C | undefined {
    return this.workers.get(workerId)?.connection;
  }

  list(): WorkerSummary[] {
    return [...this.workers.values()].map((entry) => ({ ...entry.summary }));
  }

  subscribe(listener: WorkersListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Checks that a session may be opened on this worker in this directory; returns the
   * normalised workdir. Unknown worker or outside the roots: 400; offline: 409.
   */
  checkWorkdir(workerId: string, workdir: string): string {
    const worker = this.get(workerId);
    if (!worker) {
      throw new ValidationError(`unknown worker ${workerId}`, [{ path: "workerId", message: "no worker with this id" }]);
    }
    if (worker.status !== "online") throw new WorkerUnavailableError(`worker ${worker.name} (${workerId}) is offline`);
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
  share(hook: WorkerShareHook): void {
    this.shareHook = hook;
  }

  /**
   * Takes the cluster's view of workers (connected to other nodes, or offline). A worker
   * connected here, or built in, keeps this node's entry. Listeners hear of it when anything changed.
   */
  applyShared(summaries: readonly WorkerSummary[]): void {
    let changed = false;
    for (const summary of summaries) {
      const entry = this.workers.get(summary.id);
      if (entry?.connection || entry?.builtin) continue;
      if (entry && JSON.stringify(entry.summary) === JSON.stringify(summary)) continue;
      this.workers.set(summary.id, { summary: { ...summary } });
      changed = true;
    }
    if (changed) this.changed();
  }

  private changed(local?: WorkerSummary, connectedHere = false): void {
    if (local) this.shareHook?.({ ...local }, connectedHere);
    const workers = this.list();
    for (const listener of this.listeners) listener(workers);
    if (!this.options.dataDir) return;
    const path = this.file();
    this.saving = this.saving.catch(() => undefined).then(() => writeJsonFile(path, workers));
  }

  /** Resolves once the latest change is on disk. */
  async saved(): Promise<void> {
    await this.saving;
  }

  private file(): string {
    return join(this.options.dataDir ?? ".", "workers.json");
  }
}

/** Collapses `.`/`..`/double slashes and drops a trailing slash (POSIX paths: workers report their own). */
export function normalizeRoot(path: string): string {
  const normalized = posix.normalize(path);
  return normalized.length > 1 && normalized.endsWith("/") ? normalized.slice(0, -1) : normalized;
}

/** Lexical containment: `dir` is `root` or below it. The worker re-checks with real paths. */
export function isInside(root: string, dir: string): boolean {
  if (root === "/") return dir.startsWith("/");
  return dir === root || dir.startsWith(`${root}/`);
}
