import type { ErrorCode } from "@aiflare/protocol";

/** A refused handshake: the client's `connect_error` carries `message` and `data: {code}`. */
export function handshakeError(code: ErrorCode, message: string): Error & { data: { code: ErrorCode } } {
  return Object.assign(new Error(message), { data: { code } });
}
