import { WORKER_NAMESPACE } from "@aiflare/protocol";
import type { Server } from "socket.io";
import { workerRoom } from "../socket/rooms.js";
import { abilitiesOf, WorkerGoneError, type RemoteWorkerLinks, type WorkerTell } from "../tools/worker-tool-router.js";

/**
 * Finds a worker connected to any node (its room, through the Redis adapter) and calls it
 * there: `agent_tool_call` (and `workspace:*`) goes out as a room emit with an ack, which comes
 * back the same way.
 */
export function remoteWorkerLinks(io: Server): RemoteWorkerLinks {
  const nsp = io.of(WORKER_NAMESPACE);
  return async (workerId) => {
    const room = workerRoom(workerId);
    const sockets = await nsp.in(room).fetchSockets().catch(() => []);
    if (sockets.length === 0) return undefined;
    return {
      call: async (payload, waitMs) => {
        const answers = (await nsp.to(room).timeout(waitMs).emitWithAck("agent_tool_call", payload)) as unknown[];
        if (answers.length === 0) throw new Error(`worker ${workerId} is gone`);
        return answers[0];
      },
      cancel: (callId) => void nsp.to(room).emit("tool:cancel", { callId }),
      ...abilitiesOf(sockets[0]?.handshake ?? {}),
      ask: async (event, payload, waitMs) => {
        const answers = (await nsp.to(room).timeout(waitMs).emitWithAck(event, payload)) as unknown[];
        if (answers.length === 0) throw new WorkerGoneError(`worker ${workerId} is gone`);
        return answers[0];
      },
    };
  };
}

/**
 * Sends a worker connected to any node an event without an answer: a room emit through the Redis
 * adapter, published at once, so a terminal's keystrokes arrive in the order they were typed.
 */
export function remoteWorkerTell(io: Server): WorkerTell {
  const nsp = io.of(WORKER_NAMESPACE);
  return (workerId, event, payload) => void nsp.to(workerRoom(workerId)).emit(event, payload);
}
