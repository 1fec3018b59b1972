/** Bumped on any incompatible change to the wire contract; sent in every handshake. */
export const PROTOCOL_VERSION = 1;

/** Package version reported by `/api/health`. */
export const HUB_VERSION = "0.1.0";
