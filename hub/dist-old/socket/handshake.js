/** A refused handshake: the client's `connect_error` carries `message` and `data: {code}`. */
export function handshakeError(code, message) {
    return Object.assign(new Error(message), { data: { code } });
}
/** Refuses a handshake from an address with too many failed token attempts; records failures. */
export function checkHandshakeToken(limiter, address, valid) {
    const wait = limiter.blockedFor(address);
    if (wait > 0)
        return handshakeError("rate_limited", `too many failed token attempts; try again in ${Math.ceil(wait / 1000)}s`);
    if (valid)
        return undefined;
    limiter.recordFailure(address);
    return handshakeError("unauthorized", "missing or invalid token");
}
//# sourceMappingURL=handshake.js.map