import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { io as connect, type Socket } from "socket.io-client";
import { Scratch } from "./cluster-services.js";
import { api, BENCH_TOKEN, benchSessions, MODEL_SERVER, startChild, startClusterNode, type Child } from "./processes.js";
import { eventually, nowMs, sleep, until } from "./stats.js";

/** One kill: how long until a browser on another node saw the turn closed, and how it was closed. */
export interface Takeover {
  victim: string;
  /** ms from the SIGKILL to the browser receiving `turn_completed` (undefined: not within the wait). */
  ms?: number;
  status?: string;
  error?: string;
}

interface Node {
  id: string;
  hub: Child;
}

/** A browser on `node` joined to one session: notes when message deltas and `turn_completed` arrive. */
class Watcher {
  deltas = 0;
  closed: { at: number; status: string; error?: string } | undefined;
  private constructor(
    readonly node: string,
    readonly socket: Socket,
  ) {}

  static async join(node: Node, sessionId: string): Promise<Watcher> {
    const socket = connect(`${node.hub.url}/browser`, { auth: { token: BENCH_TOKEN }, transports: ["websocket"], forceNew: true, reconnection: false });
    const watcher = new Watcher(node.id, socket);
    socket.on("session:events", ({ sessionId: id, events }: { sessionId: string; events: { type: string; status?: string; error?: string }[] }) => {
      if (id !== sessionId) return;
      for (const event of events) {
        if (event.type === "message_delta") watcher.deltas++;
        if (event.type === "turn_completed") watcher.closed ??= { at: nowMs(), status: event.status ?? "", ...(event.error ? { error: event.error } : {}) };
      }
    });
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", () => resolve());
      socket.once("connect_error", reject);
    });
    const ack = (await socket.timeout(10_000).emitWithAck("session:join", { sessionId })) as { ok: boolean; error?: { message: string } };
    if (!ack.ok) throw new Error(`session:join at ${node.id}: ${ack.error?.message ?? "refused"}`);
    return watcher;
  }
}

/**
 * Three hub nodes on one scratch schema and Redis prefix, lease `leaseMs`, a model server
 * streaming an answer far longer than the wait (100 tokens/s). `kills` times: a fresh session,
 * a browser on every node, a prompt to a node other than the worker's (which takes the
 * lease), the first token at a browser plus a random 0–500 ms, then `kill -9` of the lease
 * holder; the time runs from the signal until a browser on another node receives the turn's
 * `turn_completed`. A new node replaces the dead one each time, so three stay up.
 */
export async function measureTakeovers(options: { kills: number; leaseMs: number }): Promise<Takeover[]> {
  const scratch = new Scratch();
  const dirs: string[] = [];
  const nodes: Node[] = [];
  const sockets: Socket[] = [];
  const model = await startChild(MODEL_SERVER, ["1000000", "10"], {}, /listening on (http:\/\/\S+)/);
  let started = 0;
  const spawn = async () => {
    const dir = await mkdtemp(join(tmpdir(), "aiflare-bench-b7-"));
    dirs.push(dir);
    const id = `b7-node-${++started}`;
    const node = { id, hub: await startClusterNode(join(dir, "data"), model.url, { redisUrl: scratch.redisUrl, databaseUrl: scratch.databaseUrl, nodeId: id, leaseMs: options.leaseMs }) };
    nodes.push(node);
    return node;
  };
  const results: Takeover[] = [];
  try {
    const first = await Promise.allSettled([spawn(), spawn(), spawn()]);
    const failed = first.find((result) => result.status === "rejected");
    if (failed) throw failed.reason;
    const workerNode = nodes[0]!;
    const { worker, sessions } = await benchSessions(workerNode.hub.url, options.kills);
    sockets.push(worker);
    for (const [k, session] of sessions.entries()) {
      for (const node of nodes) {
        await eventually(async () => (await fetch(`${node.hub.url}/api/sessions/${session.id}`, { headers: { authorization: `Bearer ${BENCH_TOKEN}` } })).ok, 30_000, `${node.id} to know the session`);
      }
      const watchers = await Promise.all(nodes.map((node) => Watcher.join(node, session.id)));
      sockets.push(...watchers.map((w) => w.socket));
      await eventually(async () => (await scratch.leasesHeld()) === 0, 30_000, "every lease handed back");
      const others = nodes.filter((n) => n !== workerNode);
      await api(others[k % others.length]!.hub.url, "POST", `/api/sessions/${session.id}/messages`, { text: `the measured answer, please (${k})` });
      await until(() => watchers.some((w) => w.deltas > 0), 30_000, "the turn's first token at a browser");
      await sleep(Math.floor(Math.random() * 500));
      const holder = await scratch.holder(session.id);
      const victim = nodes.find((n) => n.id === holder);
      if (!victim) throw new Error(`no live node holds the lease of the streaming session (holder: ${holder ?? "none"})`);
      const killedAt = nowMs();
      victim.hub.child.kill("SIGKILL");
      await new Promise<void>((resolve) => (victim.hub.child.exitCode !== null || victim.hub.child.signalCode !== null ? resolve() : victim.hub.child.once("exit", () => resolve())));
      nodes.splice(nodes.indexOf(victim), 1);
      const survivors = watchers.filter((w) => w.node !== victim.id);
      try {
        await until(() => survivors.some((w) => w.closed), options.leaseMs * 5 + 20_000, "the turn to be closed");
      } catch {
        results.push({ victim: victim.id });
        await spawn();
        continue;
      }
      const first = survivors.filter((w) => w.closed).sort((a, b) => a.closed!.at - b.closed!.at)[0]!.closed!;
      results.push({ victim: victim.id, ms: first.at - killedAt, status: first.status, ...(first.error ? { error: first.error } : {}) });
      await spawn();
    }
    return results;
  } finally {
    for (const socket of sockets) socket.disconnect();
    for (const node of nodes) await node.hub.stop();
    await model.stop();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
    await scratch.drop();
  }
}
