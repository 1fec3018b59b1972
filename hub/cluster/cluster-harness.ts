import { FakeResponsesServer, responseEvents, type FakeReply } from "@aiflare/core/testing";
import { PROTOCOL_VERSION, type JoinAck, type SessionEvent } from "@aiflare/protocol";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect } from "socket.io-client";
import { scratchDatabase, TEST_REDIS_URL, uniqueName } from "../test/cluster-services.js";
import { BROWSER_TOKEN, WORKER_TOKEN, type BrowserClient, type WorkerClient } from "../test/helpers.js";
import { spawnHub, type HubProcess } from "../test/hub-process.js";

/** A hub node process of the test cluster. */
export interface Node {
  id: string;
  hub: HubProcess;
}

/** A browser on one node, recording every event of one session it saw (replay and live), and repeats. */
export interface Watcher {
  node: string;
  seen: Map<number, string>;
  duplicates: number[];
  socket: BrowserClient;
}

/**
 * Every turn: a shell call (answered by the worker), then a long streamed reply. The model is
 * the fake Responses server in this process; hub nodes reach it over HTTP.
 */
export function agentScript(chunks: number, delayMs: number): (request: { body: Record<string, unknown> }) => FakeReply {
  let n = 0;
  return ({ body }) => {
    const input = JSON.stringify(body.input ?? "");
    n += 1;
    if (!input.includes("function_call_output")) {
      return { kind: "stream", events: responseEvents([{ type: "function_call", name: "shell", arguments: { command: ["bash", "-c", "echo hi"] }, callId: `call_${n}` }], { id: `resp_${n}` }) };
    }
    const reply = Array.from({ length: chunks }, (_, i) => `w${i} `).join("");
    return { kind: "stream", events: responseEvents([{ type: "message", text: reply }], { id: `resp_${n}`, chunkSize: 3 }), delayMs };
  };
}

/** Three or more hub processes on one scratch schema and Redis prefix, a fake model, a worker. */
export class Cluster {
  readonly nodes: Node[] = [];
  readonly watchers: Watcher[] = [];
  private readonly sockets: (BrowserClient | WorkerClient)[] = [];
  private readonly dirs: string[] = [];
  /** The cluster's schema (tests read its tables directly). */
  readonly scratch = scratchDatabase();
  private readonly redisUrl = `${TEST_REDIS_URL}?prefix=${uniqueName("aiflare_t")}`;
  private counter = 0;

  private constructor(
    readonly fake: FakeResponsesServer,
    readonly leaseMs: number,
  ) {}

  static async start(leaseMs: number, script: (request: { body: Record<string, unknown> }) => FakeReply): Promise<Cluster> {
    const fake = await FakeResponsesServer.start(script);
    return new Cluster(fake, leaseMs);
  }

  /** Starts a hub node; `id` defaults to `node-N` (give a unique one to find its connections in `pg_stat_activity`). */
  async spawn(id = `node-${++this.counter}`): Promise<Node> {
    const dataDir = await mkdtemp(join(tmpdir(), "aiflare-cluster-"));
    this.dirs.push(dataDir);
    const hub = await spawnHub(["--data-dir", dataDir, "--redis", this.redisUrl, "--database", this.scratch.url, "--node-id", id, "--lease-ms", String(this.leaseMs)], {
      AIFLARE_TOKEN: BROWSER_TOKEN,
      AIFLARE_WORKER_TOKEN: WORKER_TOKEN,
      OPENAI_API_KEY: "sk-test",
      OPENAI_BASE_URL: this.fake.baseURL,
      AIFLARE_MODEL: "fake-model",
      AIFLARE_LOG_LEVEL: "warn",
    });
    const node = { id, hub };
    this.nodes.push(node);
    return node;
  }

  node(id: string): Node {
    const found = this.nodes.find((n) => n.id === id);
    if (!found) throw new Error(`no node ${id}`);
    return found;
  }

  /** A worker (socket client) on `node` that answers every call after `delayMs`, streaming a line first. */
  async worker(node: Node, delayMs: number): Promise<string> {
    const socket: WorkerClient = connect(`${node.hub.url}/worker`, {
      auth: { token: WORKER_TOKEN, name: "cluster-worker", roots: ["/tmp"], version: PROTOCOL_VERSION },
      transports: ["websocket"],
      forceNew: true,
      reconnection: false,
    });
    this.sockets.push(socket);
    socket.on("agent_tool_call", (payload, ack) => {
      socket.emit("tool:output", { callId: payload.callId, sessionId: payload.sessionId, stream: "stdout", chunk: "hi\n" });
      setTimeout(() => ack({ callId: payload.callId, ok: true, output: "hi\n", exitCode: 0, durationMs: delayMs }), delayMs);
    });
    return new Promise((resolve, reject) => {
      socket.once("worker:welcome", ({ workerId }) => resolve(workerId));
      socket.once("connect_error", reject);
    });
  }

  /** A browser on `node` joined to the session from its start. */
  async watch(node: Node, sessionId: string): Promise<Watcher> {
    const socket: BrowserClient = connect(`${node.hub.url}/browser`, { auth: { token: BROWSER_TOKEN }, transports: ["websocket"], forceNew: true, reconnection: false });
    this.sockets.push(socket);
    const watcher: Watcher = { node: node.id, seen: new Map(), duplicates: [], socket };
    const record = (events: SessionEvent[]) => {
      for (const event of events) {
        if (watcher.seen.has(event.seq)) watcher.duplicates.push(event.seq);
        watcher.seen.set(event.seq, JSON.stringify(event));
      }
    };
    socket.on("session:events", ({ sessionId: id, events }) => {
      if (id === sessionId) record(events);
    });
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("connect_error", reject);
    });
    const ack = (await socket.timeout(10_000).emitWithAck("session:join", { sessionId })) as JoinAck;
    if (!ack.ok) throw new Error(ack.error.message);
    record(ack.events);
    this.watchers.push(watcher);
    return watcher;
  }

  async kill(node: Node, signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
    node.hub.child.kill(signal);
    if (signal === "SIGKILL") {
      await node.hub.exited;
      this.nodes.splice(this.nodes.indexOf(node), 1);
    }
  }

  async close(): Promise<void> {
    for (const socket of this.sockets.splice(0)) socket.disconnect();
    for (const node of this.nodes.splice(0)) {
      node.hub.child.kill("SIGCONT");
      node.hub.child.kill("SIGKILL");
      await node.hub.exited;
    }
    await this.fake.close();
    for (const dir of this.dirs.splice(0)) await rm(dir, { recursive: true, force: true });
    await this.scratch.drop();
  }
}
