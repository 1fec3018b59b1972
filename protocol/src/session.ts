import { z } from "zod";
import { Id, Seq, Timestamp, Usage } from "./common.js";
import { McpToolName, SandboxMode } from "./worker-tools.js";

/** `waiting` is idle; `running` works (tools, requests); `streaming` receives model output. */
export const SessionStatus = z.enum(["waiting", "running", "streaming", "awaiting_approval", "error"]);
export type SessionStatus = z.infer<typeof SessionStatus>;

/** Which tool calls wait for a person: none, shell commands only, or all of them. */
export const ApprovalPolicy = z.enum(["full-auto", "auto-edit", "suggest"]);
export type ApprovalPolicy = z.infer<typeof ApprovalPolicy>;

/** How full the model's context is: input tokens of the last request, and the model's window. */
export const ContextUsage = z.object({
  usedTokens: z.number().int().nonnegative(),
  windowTokens: z.number().int().positive(),
});
export type ContextUsage = z.infer<typeof ContextUsage>;
/** How hard a reasoning model thinks (the Responses API's `reasoning.effort`). */
export const ReasoningEffort = z.enum(["none", "minimal", "low", "medium", "high", "xhigh"]);
export type ReasoningEffort = z.infer<typeof ReasoningEffort>;

/** Everything a list view needs about one session. */
export const SessionSummary = z.object({
  id: Id,
  workerId: Id,
  workdir: z.string().min(1),
  model: z.string(),
  title: z.string(),
  approvalPolicy: ApprovalPolicy,
  status: SessionStatus,
  createdAt: Timestamp,
  updatedAt: Timestamp,
  lastSeq: Seq,
  usage: Usage.optional(),
  context: ContextUsage.optional(),
  /** The session's own reasoning effort (else the hub's `AIFLARE_REASONING_EFFORT`). */
  reasoningEffort: ReasoningEffort.optional(),
  /** Cluster mode: the hub node holding the session's lease (absent while none does). */
  node: z.string().min(1).max(200).optional(),
  /** The session this one was forked from. */
  parentId: Id.optional(),
  /** Archived sessions are left out of the list unless asked for. */
  archived: z.boolean().optional(),
});
export type SessionSummary = z.infer<typeof SessionSummary>;

export const WorkerStatus = z.enum(["online", "offline"]);
export type WorkerStatus = z.infer<typeof WorkerStatus>;

/** A worker as the hub knows it: connected or remembered from an earlier connection. */
export const WorkerSummary = z.object({
  id: Id,
  name: z.string(),
  status: WorkerStatus,
  roots: z.array(z.string()),
  lastSeen: Timestamp,
  /** The MCP tools it offers, as the model sees them (`mcp__SERVER__TOOL`). */
  tools: z.array(McpToolName).optional(),
  /** How it runs commands. */
  sandbox: SandboxMode.optional(),
});
export type WorkerSummary = z.infer<typeof WorkerSummary>;
