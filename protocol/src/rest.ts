import { z } from "zod";
import { Id, Seq, Timestamp } from "./common.js";
import { ApprovalDecision, Role, SessionEvent } from "./events.js";
import { ApprovalPolicy, ReasoningEffort, SessionSummary, WorkerSummary } from "./session.js";

/** Upper bound for a prompt; the HTTP body limit applies on top. */
export const MAX_PROMPT_CHARS = 200_000;

// ---- request bodies and queries ----

export const CreateSessionBody = z.strictObject({
  workerId: Id,
  workdir: z.string().min(1).max(4096),
  model: z.string().min(1).max(200).optional(),
  title: z.string().max(500).optional(),
  approvalPolicy: ApprovalPolicy.optional(),
  /** Reasoning effort for this session's reasoning model (optional extension). */
  reasoningEffort: ReasoningEffort.optional(),
});
export type CreateSessionBody = z.infer<typeof CreateSessionBody>;

export const SendMessageBody = z.strictObject({
  text: z.string().trim().min(1, "text must not be empty").max(MAX_PROMPT_CHARS),
});
export type SendMessageBody = z.infer<typeof SendMessageBody>;

export const ApprovalBody = z.strictObject({ decision: ApprovalDecision });
export type ApprovalBody = z.infer<typeof ApprovalBody>;

export const SessionIdParams = z.object({ id: Id });
export type SessionIdParams = z.infer<typeof SessionIdParams>;

export const ApprovalParams = z.object({ id: Id, callId: Id });
export type ApprovalParams = z.infer<typeof ApprovalParams>;

/** `?afterSeq=N`: query strings arrive as text, so it is coerced. */
export const HistoryQuery = z.object({ afterSeq: z.coerce.number().int().nonnegative().optional() });
export type HistoryQuery = z.infer<typeof HistoryQuery>;

export const ActiveSessionQuery = z.object({ context: z.string().min(1).max(500) });
export type ActiveSessionQuery = z.infer<typeof ActiveSessionQuery>;

export const PutActiveSessionBody = z.strictObject({
  context: z.string().min(1).max(500),
  sessionId: Id,
});
export type PutActiveSessionBody = z.infer<typeof PutActiveSessionBody>;

// ---- responses ----

export const HealthResponse = z.object({ ok: z.literal(true), version: z.string() });
export type HealthResponse = z.infer<typeof HealthResponse>;

export const WorkersResponse = z.object({ workers: z.array(WorkerSummary) });
export type WorkersResponse = z.infer<typeof WorkersResponse>;

export const SessionResponse = z.object({ session: SessionSummary });
export type SessionResponse = z.infer<typeof SessionResponse>;

export const SessionsResponse = z.object({ sessions: z.array(SessionSummary) });
export type SessionsResponse = z.infer<typeof SessionsResponse>;

export const AcceptedResponse = z.object({ accepted: z.literal(true) });
export type AcceptedResponse = z.infer<typeof AcceptedResponse>;

/** One complete message in a transcript (deltas already folded in). */
export const TranscriptMessage = z.object({
  messageId: Id,
  role: Role,
  text: z.string(),
  createdAt: Timestamp,
});
export type TranscriptMessage = z.infer<typeof TranscriptMessage>;

export const TranscriptResponse = z.object({ sessionId: Id, messages: z.array(TranscriptMessage) });
export type TranscriptResponse = z.infer<typeof TranscriptResponse>;

export const HistoryResponse = z.object({ sessionId: Id, lastSeq: Seq, events: z.array(SessionEvent) });
export type HistoryResponse = z.infer<typeof HistoryResponse>;

export const CancelResponse = z.object({ canceled: z.boolean() });
export type CancelResponse = z.infer<typeof CancelResponse>;

export const ApprovalResponse = z.object({ resolved: z.literal(true) });
export type ApprovalResponse = z.infer<typeof ApprovalResponse>;

export const ActiveSessionResponse = z.object({ context: z.string(), sessionId: Id.nullable() });
export type ActiveSessionResponse = z.infer<typeof ActiveSessionResponse>;

