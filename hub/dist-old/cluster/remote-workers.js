import { WORKER_NAMESPACE } from "@aiflare/protocol";
import { workerRoom } from "../socket/rooms.js";
/**
 * Finds a worker connected to any node (its room, through the Redis adapter) and calls it
 * there: `agent_tool_call` goes out as a room emit with an ack, which comes back the same way.
 */
export function remoteWorkerLinks(io) {
    const nsp = io.of(WORKER_NAMESPACE);
    return async (workerId) => {
        const room = workerRoom(workerId);
        const sockets = await nsp.in(room).fetchSockets().catch(() => []);
        if (sockets.length === 0)
            return undefined;
        return {
            call: async (payload, waitMs) => {
                const answers = (await nsp.to(room).timeout(waitMs).emitWithAck("agent_tool_call", payload));
                if (answers.length === 0)
                    throw new Error(`worker ${workerId} is gone`);
                return answers[0];
            },
            cancel: (callId) => void nsp.to(room).emit("tool:cancel", { callId }),
        };
    };
}
//# sourceMappingURL=remote-workers.js.map