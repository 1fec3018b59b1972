import type { Server } from "socket.io";
import type { WorkerLink } from "../tools/worker-tool-router.js";
/**
 * Finds a worker connected to any node (its room, through the Redis adapter) and calls it
 * there: `agent_tool_call` goes out as a room emit with an ack, which comes back the same way.
 */
export declare function remoteWorkerLinks(io: Server): (workerId: string) => Promise<WorkerLink | undefined>;
//# sourceMappingURL=remote-workers.d.ts.map