import { ClusterForwardMessage, ClusterRecordsMessage, ClusterStateMessage, ClusterWorkerMessage, type ClusterRecord } from "@aiflare/protocol";
import type { Server } from "socket.io";
import type { Logger } from "../logger.js";
/** What a node hears from the others. */
export interface ClusterBusHandlers {
    onRecords(message: ClusterRecordsMessage): void;
    /** True when this node is the one named and took the request. */
    onForward(message: ClusterForwardMessage): boolean;
}
/**
 * Node-to-node messages as server-side emits on the `/cluster` namespace: the Redis adapter
 * carries them to every other node, in the order one node sent them. No client may connect
 * there. Every message is parsed with its protocol schema before a handler sees it.
 */
export declare class ClusterBus {
    private readonly options;
    private readonly nsp;
    constructor(io: Server, options: {
        nodeId: string;
        logger: Pick<Logger, "warn">;
    });
    /** Hands what workers on other nodes report to `handler`. */
    listenWorkers(handler: (message: ClusterWorkerMessage) => void): void;
    /** Tells the other nodes what a worker connected here reported. */
    worker(message: ClusterWorkerMessage): void;
    /** Hands "another node changed this store in PostgreSQL" to `handler`. */
    listenState(handler: (store: ClusterStateMessage["store"]) => void): void;
    /** Tells the other nodes this node changed a cluster-wide store. */
    state(store: ClusterStateMessage["store"]): void;
    /** Starts handing received messages to `handlers`. */
    listen(handlers: ClusterBusHandlers): void;
    /** Tells the other nodes about records this node just wrote. */
    records(sessionId: string, records: readonly ClusterRecord[]): void;
    /** Asks another node (named in the message) to act on a session it holds; false when no node took it (it died). */
    forward(message: ClusterForwardMessage): Promise<boolean>;
}
//# sourceMappingURL=cluster-bus.d.ts.map