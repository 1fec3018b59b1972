import { z } from "zod";
import { Id } from "./common.js";
import type { AckError } from "./errors.js";
import { ToolResultFields, ToolStream } from "./events.js";
import type { WorkerTerminalClientEvents, WorkerTerminalServerEvents } from "./terminal.js";
import type { WorkspaceDiffAck, WorkspaceDiffRequest, WorkspaceFileAck, WorkspacePathRequest, WorkspaceTreeAck } from "./workspace.js";

/** Socket.IO namespace for workers. */
export const WORKER_NAMESPACE = "/worker";

/** Handshake `auth` on `/worker`; `version` is the worker's PROTOCOL_VERSION. */
export const WorkerAuth = z.object({
  token: z.string().min(1),
  workerId: Id.optional(),
  name: z.string().min(1).max(200),
  roots: z.array(z.string().min(1).max(4096)).min(1).max(64),
  version: z.number().int(),
});
export type WorkerAuth = z.infer<typeof WorkerAuth>;

/** The tools a worker executes. `update_plan` never leaves the hub. */
export const WorkerTool = z.enum(["shell", "apply_patch"]);
export type WorkerTool = z.infer<typeof WorkerTool>;

/** hub -> worker: run one tool call; answered through the ack. */
export const AgentToolCall = z.object({
  callId: Id,
  sessionId: Id,
  workdir: z.string().min(1),
  tool: WorkerTool,
  args: z.record(z.string(), z.unknown()),
  timeoutMs: z.number().int().positive(),
});
export type AgentToolCall = z.infer<typeof AgentToolCall>;

/** worker -> hub (ack of `agent_tool_call`): the call's result. */
export const ToolResult = ToolResultFields;
export type ToolResult = z.infer<typeof ToolResult>;

/** hub -> worker: stop a running call. */
export const ToolCancel = z.object({ callId: Id });
export type ToolCancel = z.infer<typeof ToolCancel>;

/** worker -> hub: live output while a call runs. */
export const ToolOutput = z.object({
  callId: Id,
  sessionId: Id,
  stream: ToolStream,
  chunk: z.string().max(1_000_000),
});
export type ToolOutput = z.infer<typeof ToolOutput>;

/** Sent once after a worker is admitted, so it learns (and keeps) its id. */
export const WorkerWelcome = z.object({ workerId: Id, protocolVersion: z.number().int() });
export type WorkerWelcome = z.infer<typeof WorkerWelcome>;

/** worker -> hub: a result whose ack was lost with its connection, sent again after reconnecting. */
export const RedeliveredResult = ToolResultFields.extend({ sessionId: Id });
export type RedeliveredResult = z.infer<typeof RedeliveredResult>;

/** worker -> hub, after (re)connecting and redelivering: the calls it is still running. */
export const WorkerResume = z.object({ running: z.array(Id).max(10_000) });
export type WorkerResume = z.infer<typeof WorkerResume>;

/** Events the hub sends to a worker. */
export interface WorkerServerToClientEvents extends WorkerTerminalServerEvents {
  agent_tool_call: (call: AgentToolCall, ack: (result: ToolResult) => void) => void;
  "tool:cancel": (payload: ToolCancel) => void;
  "worker:welcome": (payload: WorkerWelcome) => void;
  "workspace:diff": (payload: WorkspaceDiffRequest, ack: (res: WorkspaceDiffAck) => void) => void;
  "workspace:tree": (payload: WorkspacePathRequest, ack: (res: WorkspaceTreeAck) => void) => void;
  "workspace:file": (payload: WorkspacePathRequest, ack: (res: WorkspaceFileAck) => void) => void;
}

/** Events a worker sends to the hub. */
export interface WorkerClientToServerEvents extends WorkerTerminalClientEvents {
  "tool:output": (payload: ToolOutput) => void;
  "tool:result": (payload: RedeliveredResult, ack: (res: { ok: true } | AckError) => void) => void;
  "worker:resume": (payload: WorkerResume, ack: (res: { ok: true } | AckError) => void) => void;
}
