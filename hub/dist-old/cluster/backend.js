import { recoverInterruptedSessions } from "../recovery.js";
/** The single hub: sessions in its data dir, every turn runs here. */
export function localBackend(nodeId, persistence) {
    return {
        nodeId,
        persistence,
        socketOptions: {},
        attach: ({ runner, workerEvents }) => ({ turns: runner, workerEvents }),
        health: () => Promise.resolve({}),
        recover: recoverInterruptedSessions,
        close: () => Promise.resolve(),
    };
}
//# sourceMappingURL=backend.js.map