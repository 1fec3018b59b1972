/** The Socket.IO room of a session's browsers. */
export declare function sessionRoom(sessionId: string): string;
/** The Socket.IO room of a worker's connection (a cluster node reaches a worker on another node through it). */
export declare function workerRoom(workerId: string): string;
//# sourceMappingURL=rooms.d.ts.map