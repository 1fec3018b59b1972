import type { ErrorCode } from "@aiflare/protocol";
/** A refused handshake: the client's `connect_error` carries `message` and `data: {code}`. */
export declare function handshakeError(code: ErrorCode, message: string): Error & {
    data: {
        code: ErrorCode;
    };
};
/** Refuses a handshake from an address with too many failed token attempts; records failures. */
export declare function checkHandshakeToken(limiter: {
    blockedFor(address: string): number;
    recordFailure(address: string): void;
}, address: string, valid: boolean): (Error & {
    data: {
        code: ErrorCode;
    };
}) | undefined;
//# sourceMappingURL=handshake.d.ts.map