/**
 * A persistence throws this when the writer may no longer write the session (another node
 * took it over: fencing). The store then commits nothing of the batch and tells its listeners.
 */
export class WriteRefusedError extends Error {
    sessionId;
    constructor(sessionId, message) {
        super(message);
        this.sessionId = sessionId;
        this.name = new.target.name;
    }
}
//# sourceMappingURL=write-refused.js.map