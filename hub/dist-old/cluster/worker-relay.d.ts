import type { WorkerEvents } from "./backend.js";
import type { ClusterBus } from "./cluster-bus.js";
/**
 * A worker may be connected to one node while another runs its call: what it reports here
 * (output, a redelivered result, resume, disconnect) is handled here and passed to the other
 * nodes, which handle it the same way. Only the node running the call acts on it (its router
 * knows the call; the others ignore it).
 */
export declare function relayWorkerEvents(bus: ClusterBus, local: WorkerEvents): WorkerEvents;
//# sourceMappingURL=worker-relay.d.ts.map