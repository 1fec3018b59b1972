import { z } from "zod";
import { Id } from "./common.js";
import type { AckError } from "./errors.js";
import { McpToolName, SandboxMode, type WorkerTools } from "./worker-tools.js";
import { FileChange, ToolResultFields, ToolStream } from "./events.js";
import type { WorkerTerminalClientEvents, WorkerTerminalServerEvents } from "./terminal.js";
import type { WorkspaceDiffAck, WorkspaceDiffRequest, WorkspaceFileAck, WorkspacePathRequest, WorkspaceTreeAck } from "./workspace.js";

/** Socket.IO namespace for workers. */
export const WORKER_NAMESPACE = "/worker";

/**
 * Handshake `auth` on `/worker`; `version` is the worker's PROTOCOL_VERSION (this repo's worker
 * sends the number; see `workerProtocol` for what a string means).
 */
export const WorkerAuth = z.object({
  token: z.string().min(1),
  workerId: Id.optional(),
  name: z.string().min(1).max(200),
  roots: z.array(z.string().min(1).max(4096)).min(1).max(64),
  version: z.union([z.number().int(), z.string().min(1).max(100)]),
  /** Optional requests the worker answers beyond tool calls (`"instructions"`: `instructions:read`). */
  capabilities: z.array(z.string().max(100)).max(100).optional(),
  /** How the worker runs commands (absent: an older worker, unconfined). */
  sandbox: SandboxMode.optional(),
  /** The worker answers `checkpoint` requests (git found); older workers leave it out. */
  checkpoints: z.boolean().optional(),
});
export type WorkerAuth = z.infer<typeof WorkerAuth>;

/**
 * The protocol a handshake's `version` names: a number, or a string of digits ("1"), is a
 * protocol version, compared with PROTOCOL_VERSION; any other string (a release such as
 * "0.1.0") names no protocol and is taken as this one (undefined here).
 */
export function workerProtocol(version: WorkerAuth["version"]): number | undefined {
  if (typeof version === "number") return version;
  return /^\d+$/.test(version) ? Number(version) : undefined;
}

/** The tools a worker executes: shell, apply_patch and its MCP tools. `update_plan` never leaves the hub. */
export const WorkerTool = z.union([z.enum(["shell", "apply_patch"]), McpToolName]);
export type WorkerTool = z.infer<typeof WorkerTool>;

/** hub -> worker: run one tool call; answered through the ack. */
export const AgentToolCall = z.object({
  callId: Id,
  sessionId: Id,
  workdir: z.string().min(1),
  tool: WorkerTool,
  args: z.record(z.string(), z.unknown()),
  timeoutMs: z.number().int().positive(),
  /** The turn this call belongs to: the worker checkpoints the workdir before a turn's first change. */
  turnId: Id.optional(),
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

/** hub -> worker: read the AGENTS.md chain for a session's workdir (at each turn start); answered through the ack. */
export const ReadInstructions = z.object({ sessionId: Id, workdir: z.string().min(1) });
export type ReadInstructions = z.infer<typeof ReadInstructions>;

/** The AGENTS.md files found (outermost first) and their joined, capped text. */
export const ProjectInstructions = z.object({
  files: z.array(z.object({ path: z.string(), bytes: z.number().int().nonnegative() })).max(1000),
  text: z.string().max(200_000),
  truncated: z.boolean(),
});
export type ProjectInstructions = z.infer<typeof ProjectInstructions>;

/** Ack of `instructions:read`. */
export type ReadInstructionsAck = ({ ok: true } & ProjectInstructions) | AckError;
/**
 * hub -> worker: a checkpoint operation on a session's workdir (answered through the ack).
 * `end` records the end of a turn and answers its changes; `diff` answers a turn's diffs;
 * `revert` puts back the files the listed turns (oldest first) changed, as they were before
 * the first of them, unless someone else changed them since (then it answers `conflicts`
 * and changes nothing, unless `force`).
 */
export const CheckpointRequest = z.discriminatedUnion("op", [
  z.object({ op: z.literal("end"), sessionId: Id, workdir: z.string().min(1), turnId: Id }),
  z.object({ op: z.literal("diff"), sessionId: Id, workdir: z.string().min(1), turnId: Id }),
  z.object({
    op: z.literal("revert"),
    sessionId: Id,
    workdir: z.string().min(1),
    turnIds: z.array(Id).min(1).max(10_000),
    force: z.boolean(),
  }),
]);
export type CheckpointRequest = z.infer<typeof CheckpointRequest>;

/** A changed file with its unified diff, as the worker computes it. */
export const CheckpointFileDiff = FileChange.extend({ diff: z.string() });
export type CheckpointFileDiff = z.infer<typeof CheckpointFileDiff>;

/** The worker's answer to a CheckpointRequest (`ok: false` when checkpoints are off or it failed). */
export const CheckpointAck = z.union([
  z.object({
    ok: z.literal(true),
    changes: z.array(FileChange).optional(),
    files: z.array(CheckpointFileDiff).optional(),
    conflicts: z.array(z.string()).optional(),
  }),
  z.object({ ok: z.literal(false), error: z.object({ code: z.enum(["unavailable", "not_found", "invalid_request", "failed"]), message: z.string() }) }),
]);
export type CheckpointAck = z.infer<typeof CheckpointAck>;

/** Events the hub sends to a worker. */
export interface WorkerServerToClientEvents extends WorkerTerminalServerEvents {
  agent_tool_call: (call: AgentToolCall, ack: (result: ToolResult) => void) => void;
  "tool:cancel": (payload: ToolCancel) => void;
  "worker:welcome": (payload: WorkerWelcome) => void;
  "instructions:read": (payload: ReadInstructions, ack: (res: ReadInstructionsAck) => void) => void;
  checkpoint: (request: CheckpointRequest, ack: (result: CheckpointAck) => void) => void;
  "workspace:diff": (payload: WorkspaceDiffRequest, ack: (res: WorkspaceDiffAck) => void) => void;
  "workspace:tree": (payload: WorkspacePathRequest, ack: (res: WorkspaceTreeAck) => void) => void;
  "workspace:file": (payload: WorkspacePathRequest, ack: (res: WorkspaceFileAck) => void) => void;
}

/** Events a worker sends to the hub. */
export interface WorkerClientToServerEvents extends WorkerTerminalClientEvents {
  "tool:output": (payload: ToolOutput) => void;
  "tool:result": (payload: RedeliveredResult, ack: (res: { ok: true } | AckError) => void) => void;
  "worker:resume": (payload: WorkerResume, ack: (res: { ok: true } | AckError) => void) => void;
  "worker:tools": (payload: WorkerTools, ack: (res: { ok: true } | AckError) => void) => void;
}
