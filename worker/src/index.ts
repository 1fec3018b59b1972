/**
 * The aiflare worker: a persistent Socket.IO connection to the hub that executes
 * `agent_tool_call`s inside its allowed roots (issue 4).
 */
import { PROTOCOL_VERSION, WORKER_NAMESPACE } from "@aiflare/protocol";

/** The handshake a worker presents on the `/worker` namespace. */
export function workerHandshake(options: { token: string; workerId?: string; name: string; roots: string[] }) {
  return { namespace: WORKER_NAMESPACE, auth: { ...options, version: PROTOCOL_VERSION } };
}
