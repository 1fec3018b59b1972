import { CLUSTER_NAMESPACE, ClusterForwardMessage, ClusterRecordsMessage, ClusterStateMessage, ClusterWorkerMessage, type ClusterRecord, type ClusterSessionRecords } from "@aiflare/protocol";
import type { Server } from "socket.io";
import type { Logger } from "../logger.js";
import { handshakeError } from "../socket/handshake.js";

/** What a node hears from the others. */
export interface ClusterBusHandlers {
  /** One session's records another node wrote (a message of several sessions is handed over session by session, in order). */
  onRecords(from: string, batch: ClusterSessionRecords): void;
  /** True when this node is the one named and took the request. */
  onForward(message: ClusterForwardMessage): boolean;
}

/**
 * Node-to-node messages as server-side emits on the `/cluster` namespace: the Redis adapter
 * carries them to every other node, in the order one node sent them. No client may connect
 * there. Every message is parsed with its protocol schema before a handler sees it.
 */
export class ClusterBus {
  private readonly nsp;

  constructor(io: Server, private readonly options: { nodeId: string; logger: Pick<Logger, "warn"> }) {
    this.nsp = io.of(CLUSTER_NAMESPACE);
    this.nsp.use((_socket, next) => next(handshakeError("unauthorized", "node-to-node namespace")));
  }

  /** Hands what workers on other nodes report to `handler`. */
  listenWorkers(handler: (message: ClusterWorkerMessage) => void): void {
    this.nsp.on("cluster:worker", (raw: unknown) => {
      const parsed = ClusterWorkerMessage.safeParse(raw);
      if (parsed.success) handler(parsed.data);
      else this.options.logger.warn({ issues: parsed.error.issues.length }, "invalid cluster:worker message ignored");
    });
  }

  /** Tells the other nodes what a worker connected here reported. */
  worker(message: ClusterWorkerMessage): void {
    this.nsp.serverSideEmit("cluster:worker", message);
  }

  /** Hands "another node changed this store in PostgreSQL" to `handler`. */
  listenState(handler: (store: ClusterStateMessage["store"]) => void): void {
    this.nsp.on("cluster:state", (raw: unknown) => {
      const parsed = ClusterStateMessage.safeParse(raw);
      if (!parsed.success) this.options.logger.warn({ issues: parsed.error.issues.length }, "invalid cluster:state message ignored");
      else if (parsed.data.from !== this.options.nodeId) handler(parsed.data.store);
    });
  }

  /** Tells the other nodes this node changed a cluster-wide store. */
  state(store: ClusterStateMessage["store"]): void {
    this.nsp.serverSideEmit("cluster:state", { from: this.options.nodeId, store } satisfies ClusterStateMessage);
  }

  /** Starts handing received messages to `handlers`. */
  listen(handlers: ClusterBusHandlers): void {
    this.nsp.on("cluster:records", (raw: unknown) => {
      const parsed = ClusterRecordsMessage.safeParse(raw);
      // Validated, but passed on as sent: the schema's key order would change the bytes browsers see.
      if (parsed.success) {
        const message = raw as ClusterRecordsMessage;
        for (const batch of message.batches) handlers.onRecords(message.from, batch);
      } else this.options.logger.warn({ issues: parsed.error.issues.length }, "invalid cluster:records message ignored");
    });
    this.nsp.on("cluster:forward", (raw: unknown, ack?: unknown) => {
      const parsed = ClusterForwardMessage.safeParse(raw);
      if (!parsed.success) this.options.logger.warn({ issues: parsed.error.issues.length }, "invalid cluster:forward message ignored");
      const taken = parsed.success && handlers.onForward(parsed.data);
      if (typeof ack === "function") (ack as (taken: boolean) => void)(taken);
    });
  }

  /**
   * Tells the other nodes about records this node just wrote: a group commit's sessions in one
   * message (one Redis publish, and one message for every other node to read, instead of one per
   * session). Fold records stay here; sessions left with nothing are left out.
   */
  records(written: readonly { sessionId: string; records: readonly { t: string }[] }[]): void {
    const batches: ClusterSessionRecords[] = [];
    for (const { sessionId, records } of written) {
      const kept = records.filter((record): record is ClusterRecord => record.t !== "fold");
      if (kept.length > 0) batches.push({ sessionId, records: kept });
    }
    if (batches.length === 0) return;
    this.nsp.serverSideEmit("cluster:records", { from: this.options.nodeId, batches } satisfies ClusterRecordsMessage);
  }

  /** Asks another node (named in the message) to act on a session it holds; false when no node took it (it died). */
  forward(message: ClusterForwardMessage): Promise<boolean> {
    // The adapter's `requestsTimeout` bounds the wait for a node that does not answer.
    return new Promise((resolve) => {
      this.nsp.serverSideEmit("cluster:forward", message, (_error: Error | null, answers: unknown[] = []) => {
        resolve(answers.some((answer) => answer === true));
      });
    });
  }
}
