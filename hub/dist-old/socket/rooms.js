/** The Socket.IO room of a session's browsers. */
export function sessionRoom(sessionId) {
    return `session:${sessionId}`;
}
/** The Socket.IO room of a worker's connection (a cluster node reaches a worker on another node through it). */
export function workerRoom(workerId) {
    return `worker:${workerId}`;
}
//# sourceMappingURL=rooms.js.map