import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Socket } from "socket.io-client";
import { deliver, hubBrowser, type Load, type Measured, type Sink } from "./b1-paths.js";
import { Scratch } from "./cluster-services.js";
import { api, benchSessions, MODEL_SERVER, startChild, startClusterNode, type Child } from "./processes.js";
import { eventually } from "./stats.js";
import { Deliveries } from "./token-model-server.js";

/** What a cluster delivered, and which node ran each session's measured turn (node id -> sessions). */
export interface ClusterMeasured extends Measured {
  owners: Record<string, number>;
}

/**
 * B1's load through `nodes` hub processes on one scratch PostgreSQL schema and Redis prefix,
 * fed by a model server process of its own. Sessions are created on the first node (where
 * the bench's worker socket is); session `s`'s prompts go to node `s % nodes` (which then
 * takes its lease and runs the turn) and its browser `b` sits on node `(s + b) % nodes`, so
 * with 3 browsers per session each node has one and two of them get the tokens through
 * Redis. CPU is the sum over the node processes. `leaseMs` absent: the hub's default lease.
 */
export async function measureCluster(load: Load, nodes: number, leaseMs?: number): Promise<ClusterMeasured> {
  const scratch = new Scratch();
  const dirs: string[] = [];
  const hubs: Child[] = [];
  const sockets: Socket[] = [];
  const model = await startChild(MODEL_SERVER, [String(load.tokens), String(load.intervalMs)], {}, /listening on (http:\/\/\S+)/);
  try {
    for (let i = 0; i < nodes; i++) dirs.push(await mkdtemp(join(tmpdir(), "aiflare-bench-b7-")));
    // Started together (the schema is migrated once, under an advisory lock); kept in node order.
    const started = await Promise.allSettled(dirs.map((dir, i) => startClusterNode(join(dir, "data"), model.url, { redisUrl: scratch.redisUrl, databaseUrl: scratch.databaseUrl, nodeId: `b7-node-${i + 1}`, ...(leaseMs !== undefined ? { leaseMs } : {}) })));
    for (const result of started) if (result.status === "fulfilled") hubs.push(result.value);
    const failed = started.find((result) => result.status === "rejected");
    if (failed) throw failed.reason;
    const first = hubs[0]!;
    const { worker, sessions } = await benchSessions(first.url, load.sessions);
    sockets.push(worker);
    for (const hub of hubs) {
      await eventually(async () => (await api<{ sessions: unknown[] }>(hub.url, "GET", "/api/sessions")).sessions.length === load.sessions, 30_000, "every node to know every session");
    }
    const sink: Sink = { current: new Deliveries() };
    for (const [s, session] of sessions.entries()) {
      for (let b = 0; b < load.browsers; b++) sockets.push(await hubBrowser(hubs[(s + b) % nodes]!.url, session.id, sink));
    }
    // Creating a session holds its lease for a moment; once every lease is back, each prompt's node takes it.
    const leasesBack = () => eventually(async () => (await scratch.leasesHeld()) === 0, 30_000, "every lease handed back");
    await leasesBack();
    const idle = async () => (await api<{ sessions: { status: string }[] }>(first.url, "GET", "/api/sessions")).sessions.every((s) => s.status === "waiting");
    try {
      const measured = await deliver(
        load,
        hubs,
        sink,
        (text) => Promise.all(sessions.map((session, s) => api(hubs[s % nodes]!.url, "POST", `/api/sessions/${session.id}/messages`, { text }))),
        async () => {
          await eventually(idle, 30_000, "every session idle");
          await leasesBack();
        },
      );
      return { ...measured, owners: await scratch.lastHolders() };
    } catch (error) {
      throw new Error(`${error instanceof Error ? error.message : String(error)} (${sink.current.count} tokens arrived)\n${await diagnosis(hubs)}`, { cause: error });
    }
  } finally {
    for (const socket of sockets) socket.disconnect();
    for (const hub of hubs) await hub.stop();
    await model.stop();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
    await scratch.drop();
  }
}

/** What each node says about its sessions, and the end of its log: for a run that did not finish. */
async function diagnosis(hubs: Child[]): Promise<string> {
  const lines: string[] = [];
  for (const [i, hub] of hubs.entries()) {
    try {
      const { sessions } = await api<{ sessions: { id: string; status: string; lastSeq: number; node?: string }[] }>(hub.url, "GET", "/api/sessions");
      lines.push(`b7-node-${i + 1}: ${sessions.map((s) => `${s.id.slice(0, 8)} ${s.status} seq ${s.lastSeq}${s.node ? ` on ${s.node}` : ""}`).join("; ")}`);
      if (i === 0) {
        for (const session of sessions) {
          const { events } = await api<{ events: { seq: number; type: string; status?: string; error?: string; text?: string }[] }>(hub.url, "GET", `/api/sessions/${session.id}/history`);
          const tail = events.filter((e) => e.type !== "message_delta").slice(-8);
          lines.push(`  ${session.id.slice(0, 8)}: ${tail.map((e) => `${e.seq} ${e.type}${e.status ? ` ${e.status}` : ""}${e.error ? ` (${e.error})` : ""}${e.type === "notice" ? ` (${e.text})` : ""}`).join(", ")}`);
        }
      }
    } catch (error) {
      lines.push(`b7-node-${i + 1}: ${error instanceof Error ? error.message : String(error)}`);
    }
    lines.push(`b7-node-${i + 1} log: ${hub.output().slice(-2000)}`);
  }
  return lines.join("\n");
}
