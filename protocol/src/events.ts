import { z } from "zod";
import { Id, Seq, Timestamp, Usage } from "./common.js";
import { ImageRef } from "./images.js";

/** Who wrote a message. */
export const Role = z.enum(["user", "assistant", "system"]);
export type Role = z.infer<typeof Role>;

export const ToolStream = z.enum(["stdout", "stderr"]);
export type ToolStream = z.infer<typeof ToolStream>;

export const PlanStepStatus = z.enum(["pending", "in_progress", "completed"]);
export type PlanStepStatus = z.infer<typeof PlanStepStatus>;

export const PlanStep = z.object({ step: z.string(), status: PlanStepStatus });
export type PlanStep = z.infer<typeof PlanStep>;

/** Tool arguments as the model sent them (already parsed JSON). */
export const ToolArgs = z.record(z.string(), z.unknown());
export type ToolArgs = z.infer<typeof ToolArgs>;

export const ApprovalDecision = z.enum(["approve", "deny"]);
export type ApprovalDecision = z.infer<typeof ApprovalDecision>;

export const TurnStatus = z.enum(["completed", "canceled", "failed"]);
export type TurnStatus = z.infer<typeof TurnStatus>;

export const NoticeLevel = z.enum(["info", "warning", "error"]);
export type NoticeLevel = z.infer<typeof NoticeLevel>;

/** The result of one tool call, as the worker reports it and the timeline records it. */
export const ToolResultFields = z.object({
  callId: Id,
  ok: z.boolean(),
  output: z.string(),
  exitCode: z.number().int().optional(),
  durationMs: z.number().nonnegative(),
  error: z.string().optional(),
});

// The body of each event type: what a producer supplies. The store adds the envelope.
/** Newer models mark assistant messages as `commentary` (progress talk) or the `final_answer`. */
export const MessagePhase = z.enum(["commentary", "final_answer"]);
export type MessagePhase = z.infer<typeof MessagePhase>;

export const MessageBody = z.object({
  type: z.literal("message"),
  messageId: Id,
  role: Role,
  text: z.string(),
  /** Images sent with a user prompt, stored by the hub. */
  images: z.array(ImageRef).optional(),
  /** Assistant messages of models that label them (optional on the wire). */
  phase: MessagePhase.optional(),
  /** True when the model refused: `text` is its refusal, not an answer. */
  refusal: z.boolean().optional(),
});
export const MessageDeltaBody = z.object({ type: z.literal("message_delta"), messageId: Id, delta: z.string() });
export const ReasoningDeltaBody = z.object({ type: z.literal("reasoning_delta"), itemId: Id, delta: z.string() });
export const ReasoningBody = z.object({ type: z.literal("reasoning"), itemId: Id, text: z.string() });
export const ToolCallBody = z.object({ type: z.literal("tool_call"), callId: Id, tool: z.string(), args: ToolArgs });
export const ApprovalRequestedBody = z.object({
  type: z.literal("approval_requested"),
  callId: Id,
  tool: z.string(),
  args: ToolArgs,
});
export const ApprovalResolvedBody = z.object({
  type: z.literal("approval_resolved"),
  callId: Id,
  decision: ApprovalDecision,
});
export const ToolOutputBody = z.object({
  type: z.literal("tool_output"),
  callId: Id,
  stream: ToolStream,
  chunk: z.string(),
});
export const ToolResultBody = ToolResultFields.extend({ type: z.literal("tool_result") });
export const PlanUpdateBody = z.object({
  type: z.literal("plan_update"),
  explanation: z.string().optional(),
  plan: z.array(PlanStep),
});
export const TurnStartedBody = z.object({ type: z.literal("turn_started"), turnId: Id });
/** How a turn changed one file of the workdir. */
export const FileChangeStatus = z.enum(["added", "modified", "deleted"]);
export type FileChangeStatus = z.infer<typeof FileChangeStatus>;

/** One file a turn changed (by patch or by command), relative to the session's workdir. */
export const FileChange = z.object({ path: z.string().min(1), status: FileChangeStatus });
export type FileChange = z.infer<typeof FileChange>;

export const TurnCompletedBody = z.object({
  type: z.literal("turn_completed"),
  turnId: Id,
  status: TurnStatus,
  usage: Usage.optional(),
  error: z.string().optional(),
  /** The files the turn changed; absent when the turn ran no tool on its worker (or checkpoints are off). */
  changes: z.array(FileChange).optional(),
});
/** A revert: `turnId` and every later turn were undone; `files` are what went back. */
export const RevertedBody = z.object({ type: z.literal("reverted"), turnId: Id, files: z.array(FileChange) });
export const NoticeBody = z.object({ type: z.literal("notice"), level: NoticeLevel, text: z.string() });
/** Why the model's context was compacted. */
export const CompactionReason = z.enum(["auto", "manual", "overflow"]);
export type CompactionReason = z.infer<typeof CompactionReason>;
/** The model's context was replaced by a summary (the timeline keeps every event). */
export const CompactionBody = z.object({
  type: z.literal("compaction"),
  reason: CompactionReason,
  tokensBefore: z.number().int().nonnegative(),
  tokensAfter: z.number().int().nonnegative().optional(),
});

/** Any event body, told apart by `type`. */
export const EventBody = z.discriminatedUnion("type", [
  MessageBody,
  MessageDeltaBody,
  ReasoningDeltaBody,
  ReasoningBody,
  ToolCallBody,
  ApprovalRequestedBody,
  ApprovalResolvedBody,
  ToolOutputBody,
  ToolResultBody,
  PlanUpdateBody,
  TurnStartedBody,
  TurnCompletedBody,
  NoticeBody,
  CompactionBody,
  RevertedBody,
]);
export type EventBody = z.infer<typeof EventBody>;
export type EventType = EventBody["type"];

/** Streamed pieces that the hub coalesces per tick before they become events. */
export type DeltaBody = Extract<EventBody, { type: "message_delta" | "reasoning_delta" | "tool_output" }>;

/** Every timeline event carries this envelope; `seq` is contiguous per session. */
export const EventEnvelope = z.object({
  id: Id,
  sessionId: Id,
  seq: Seq.min(1),
  createdAt: Timestamp,
});
export type EventEnvelope = z.infer<typeof EventEnvelope>;

/** One immutable timeline event. */
export const SessionEvent = z.discriminatedUnion("type", [
  MessageBody.extend(EventEnvelope.shape),
  MessageDeltaBody.extend(EventEnvelope.shape),
  ReasoningDeltaBody.extend(EventEnvelope.shape),
  ReasoningBody.extend(EventEnvelope.shape),
  ToolCallBody.extend(EventEnvelope.shape),
  ApprovalRequestedBody.extend(EventEnvelope.shape),
  ApprovalResolvedBody.extend(EventEnvelope.shape),
  ToolOutputBody.extend(EventEnvelope.shape),
  ToolResultBody.extend(EventEnvelope.shape),
  PlanUpdateBody.extend(EventEnvelope.shape),
  TurnStartedBody.extend(EventEnvelope.shape),
  TurnCompletedBody.extend(EventEnvelope.shape),
  NoticeBody.extend(EventEnvelope.shape),
  CompactionBody.extend(EventEnvelope.shape),
  RevertedBody.extend(EventEnvelope.shape),
]);
export type SessionEvent = z.infer<typeof SessionEvent>;
