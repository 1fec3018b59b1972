import { z } from "zod";
import { Id } from "./common.js";
import { ApprovalDecision, SessionEvent } from "./events.js";
import { ImageRef } from "./images.js";
import { SessionSummary } from "./session.js";
import { RedeliveredResult, ToolOutput } from "./socket-worker.js";
import { TerminalExitPayload, TerminalOutputPayload } from "./terminal.js";

/** Server-side messages between hub nodes (cluster mode), carried by the Socket.IO Redis adapter. */
export const CLUSTER_NAMESPACE = "/cluster";

/** A committed record of a session log, as another node's store ingests it. */
export const ClusterRecord = z.discriminatedUnion("t", [
  z.object({ t: z.literal("summary"), v: SessionSummary }),
  z.object({ t: z.literal("event"), v: SessionEvent }),
]);
export type ClusterRecord = z.infer<typeof ClusterRecord>;

/** Records of one session the owner wrote (in this order) to PostgreSQL. */
export const ClusterSessionRecords = z.object({ sessionId: Id, records: z.array(ClusterRecord) });
export type ClusterSessionRecords = z.infer<typeof ClusterSessionRecords>;

/** What one group commit of a node wrote: every session's records in one message. */
export const ClusterRecordsMessage = z.object({ from: z.string(), batches: z.array(ClusterSessionRecords) });
export type ClusterRecordsMessage = z.infer<typeof ClusterRecordsMessage>;

/** Asks the node holding a session's lease to act on it (a browser on another node asked). */
export const ClusterForwardMessage = z.discriminatedUnion("kind", [
  // promptId: the same on every retry of one prompt, so a holder whose ack was lost does not queue it twice.
  // Images travel with their bytes (base64): the node holding the session runs the turn with them.
  z.object({ kind: z.literal("submit"), node: z.string(), sessionId: Id, text: z.string(), promptId: Id.optional(), images: z.array(z.object({ ref: ImageRef, data: z.string() })).optional() }),
  z.object({ kind: z.literal("cancel"), node: z.string(), sessionId: Id }),
  z.object({ kind: z.literal("approval"), node: z.string(), sessionId: Id, callId: Id, decision: ApprovalDecision }),
]);
export type ClusterForwardMessage = z.infer<typeof ClusterForwardMessage>;

/** A worker connected to this node did something the node running its call (or relaying its terminal) must hear of. */
export const ClusterWorkerMessage = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("output"), workerId: Id, output: ToolOutput }),
  z.object({ kind: z.literal("redelivered"), workerId: Id, result: RedeliveredResult }),
  z.object({ kind: z.literal("resumed"), workerId: Id, running: z.array(Id) }),
  z.object({ kind: z.literal("disconnected"), workerId: Id }),
  // Terminals: the node whose browser opened one relays it (see hub/src/terminal).
  z.object({ kind: z.literal("terminal_output"), workerId: Id, output: TerminalOutputPayload }),
  z.object({ kind: z.literal("terminal_exit"), workerId: Id, exit: TerminalExitPayload }),
]);
export type ClusterWorkerMessage = z.infer<typeof ClusterWorkerMessage>;

/** A node changed a cluster-wide store in PostgreSQL; the others read it again. */
export const ClusterStateMessage = z.object({ from: z.string(), store: z.enum(["workers", "contexts"]) });
export type ClusterStateMessage = z.infer<typeof ClusterStateMessage>;

/** Node-to-node event names (server-side emits on CLUSTER_NAMESPACE). */
export interface ClusterServerEvents {
  "cluster:records": (message: ClusterRecordsMessage) => void;
  "cluster:forward": (message: ClusterForwardMessage) => void;
  "cluster:worker": (message: ClusterWorkerMessage) => void;
  "cluster:state": (message: ClusterStateMessage) => void;
}
