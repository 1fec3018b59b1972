import type { ErrorCode, ErrorInfo, FieldIssue } from "@aiflare/protocol";
/** Base of every error the hub raises on purpose; carries its wire code and HTTP status. */
export declare class HubError extends Error {
    readonly code: ErrorCode;
    readonly status: number;
    readonly details?: FieldIssue[] | undefined;
    constructor(code: ErrorCode, message: string, status: number, details?: FieldIssue[] | undefined);
    /** The `{code, message, details?}` that crosses the wire. */
    toInfo(): ErrorInfo;
}
export declare class ValidationError extends HubError {
    constructor(message: string, details?: FieldIssue[]);
}
export declare class UnauthorizedError extends HubError {
    constructor(message?: string);
}
export declare class NotFoundError extends HubError {
    constructor(message: string);
}
export declare class ConflictError extends HubError {
    constructor(message: string);
}
export declare class WorkerUnavailableError extends HubError {
    constructor(message: string);
}
export declare class PayloadTooLargeError extends HubError {
    constructor(message: string);
}
/** Converts anything thrown into a wire error; unknown throwables become `internal` without leaking details. */
export declare function toHubError(error: unknown): HubError;
//# sourceMappingURL=errors.d.ts.map