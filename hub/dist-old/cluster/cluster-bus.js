import { CLUSTER_NAMESPACE, ClusterForwardMessage, ClusterRecordsMessage, ClusterStateMessage, ClusterWorkerMessage } from "@aiflare/protocol";
import { handshakeError } from "../socket/handshake.js";
/**
 * Node-to-node messages as server-side emits on the `/cluster` namespace: the Redis adapter
 * carries them to every other node, in the order one node sent them. No client may connect
 * there. Every message is parsed with its protocol schema before a handler sees it.
 */
export class ClusterBus {
    options;
    nsp;
    constructor(io, options) {
        this.options = options;
        this.nsp = io.of(CLUSTER_NAMESPACE);
        this.nsp.use((_socket, next) => next(handshakeError("unauthorized", "node-to-node namespace")));
    }
    /** Hands what workers on other nodes report to `handler`. */
    listenWorkers(handler) {
        this.nsp.on("cluster:worker", (raw) => {
            const parsed = ClusterWorkerMessage.safeParse(raw);
            if (parsed.success)
                handler(parsed.data);
            else
                this.options.logger.warn({ issues: parsed.error.issues.length }, "invalid cluster:worker message ignored");
        });
    }
    /** Tells the other nodes what a worker connected here reported. */
    worker(message) {
        this.nsp.serverSideEmit("cluster:worker", message);
    }
    /** Hands "another node changed this store in PostgreSQL" to `handler`. */
    listenState(handler) {
        this.nsp.on("cluster:state", (raw) => {
            const parsed = ClusterStateMessage.safeParse(raw);
            if (!parsed.success)
                this.options.logger.warn({ issues: parsed.error.issues.length }, "invalid cluster:state message ignored");
            else if (parsed.data.from !== this.options.nodeId)
                handler(parsed.data.store);
        });
    }
    /** Tells the other nodes this node changed a cluster-wide store. */
    state(store) {
        this.nsp.serverSideEmit("cluster:state", { from: this.options.nodeId, store });
    }
    /** Starts handing received messages to `handlers`. */
    listen(handlers) {
        this.nsp.on("cluster:records", (raw) => {
            const parsed = ClusterRecordsMessage.safeParse(raw);
            // Validated, but passed on as sent: the schema's key order would change the bytes browsers see.
            if (parsed.success)
                handlers.onRecords(raw);
            else
                this.options.logger.warn({ issues: parsed.error.issues.length }, "invalid cluster:records message ignored");
        });
        this.nsp.on("cluster:forward", (raw, ack) => {
            const parsed = ClusterForwardMessage.safeParse(raw);
            if (!parsed.success)
                this.options.logger.warn({ issues: parsed.error.issues.length }, "invalid cluster:forward message ignored");
            const taken = parsed.success && handlers.onForward(parsed.data);
            if (typeof ack === "function")
                ack(taken);
        });
    }
    /** Tells the other nodes about records this node just wrote. */
    records(sessionId, records) {
        if (records.length === 0)
            return;
        const message = { from: this.options.nodeId, sessionId, records: [...records] };
        this.nsp.serverSideEmit("cluster:records", message);
    }
    /** Asks another node (named in the message) to act on a session it holds; false when no node took it (it died). */
    forward(message) {
        // The adapter's `requestsTimeout` bounds the wait for a node that does not answer.
        return new Promise((resolve) => {
            this.nsp.serverSideEmit("cluster:forward", message, (_error, answers = []) => {
                resolve(answers.some((answer) => answer === true));
            });
        });
    }
}
//# sourceMappingURL=cluster-bus.js.map