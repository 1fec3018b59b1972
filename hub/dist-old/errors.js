/** Base of every error the hub raises on purpose; carries its wire code and HTTP status. */
export class HubError extends Error {
    code;
    status;
    details;
    constructor(code, message, status, details) {
        super(message);
        this.code = code;
        this.status = status;
        this.details = details;
        this.name = new.target.name;
    }
    /** The `{code, message, details?}` that crosses the wire. */
    toInfo() {
        return this.details ? { code: this.code, message: this.message, details: this.details } : { code: this.code, message: this.message };
    }
}
export class ValidationError extends HubError {
    constructor(message, details) { super("invalid_request", message, 400, details); }
}
export class UnauthorizedError extends HubError {
    constructor(message = "missing or invalid token") { super("unauthorized", message, 401); }
}
export class NotFoundError extends HubError {
    constructor(message) { super("not_found", message, 404); }
}
export class ConflictError extends HubError {
    constructor(message) { super("conflict", message, 409); }
}
export class WorkerUnavailableError extends HubError {
    constructor(message) { super("worker_unavailable", message, 409); }
}
export class PayloadTooLargeError extends HubError {
    constructor(message) { super("payload_too_large", message, 413); }
}
/** Converts anything thrown into a wire error; unknown throwables become `internal` without leaking details. */
export function toHubError(error) {
    if (error instanceof HubError)
        return error;
    return new HubError("internal", "internal error", 500);
}
//# sourceMappingURL=errors.js.map