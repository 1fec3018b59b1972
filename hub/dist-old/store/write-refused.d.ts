/**
 * A persistence throws this when the writer may no longer write the session (another node
 * took it over: fencing). The store then commits nothing of the batch and tells its listeners.
 */
export declare class WriteRefusedError extends Error {
    readonly sessionId: string;
    constructor(sessionId: string, message: string);
}
//# sourceMappingURL=write-refused.d.ts.map