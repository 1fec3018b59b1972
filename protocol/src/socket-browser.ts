import { z } from "zod";
import { Id, Seq } from "./common.js";
import type { AckError } from "./errors.js";
import { ApprovalDecision, SessionEvent } from "./events.js";
import { PromptImages } from "./images.js";
import { MAX_PROMPT_CHARS } from "./rest.js";
import type { SessionDeletedPayload } from "./session-admin.js";
import { SessionSummary, WorkerSummary } from "./session.js";
import { BROWSER_TERMINAL_EVENTS, type BrowserTerminalClientEvents, type BrowserTerminalServerEvents } from "./terminal.js";

/** Handshake `auth` on `/browser`. `protocolVersion` is optional; a different one is refused. */
export const BrowserAuth = z.object({
  token: z.string().min(1),
  protocolVersion: z.number().int().optional(),
});
export type BrowserAuth = z.infer<typeof BrowserAuth>;

// ---- client -> hub payloads ----

export const JoinPayload = z.strictObject({ sessionId: Id, afterSeq: Seq.optional() });
export type JoinPayload = z.infer<typeof JoinPayload>;

export const LeavePayload = z.strictObject({ sessionId: Id });
export type LeavePayload = z.infer<typeof LeavePayload>;

export const SendPayload = z.strictObject({
  sessionId: Id,
  text: z.string().trim().min(1, "text must not be empty").max(MAX_PROMPT_CHARS),
  images: PromptImages.optional(),
});
export type SendPayload = z.infer<typeof SendPayload>;

export const CancelPayload = z.strictObject({ sessionId: Id });
export type CancelPayload = z.infer<typeof CancelPayload>;

export const ApprovalRespondPayload = z.strictObject({ sessionId: Id, callId: Id, decision: ApprovalDecision });
export type ApprovalRespondPayload = z.infer<typeof ApprovalRespondPayload>;

// ---- acks ----

export const JoinAckOk = z.object({
  ok: z.literal(true),
  session: SessionSummary,
  events: z.array(SessionEvent),
  lastSeq: Seq,
});
export type JoinAckOk = z.infer<typeof JoinAckOk>;
export type JoinAck = JoinAckOk | AckError;

export const AckOk = z.object({ ok: z.literal(true) });
export type AckOk = z.infer<typeof AckOk>;
export type SimpleAck = AckOk | AckError;

export type CancelAck = { ok: true; canceled: boolean } | AckError;

// ---- hub -> client payloads ----

export const EventsPayload = z.object({ sessionId: Id, events: z.array(SessionEvent) });
export type EventsPayload = z.infer<typeof EventsPayload>;

export const SessionUpdatedPayload = z.object({ session: SessionSummary });
export type SessionUpdatedPayload = z.infer<typeof SessionUpdatedPayload>;

export const WorkersUpdatedPayload = z.object({ workers: z.array(WorkerSummary) });
export type WorkersUpdatedPayload = z.infer<typeof WorkersUpdatedPayload>;

/** Events a browser sends; every one takes an ack. */
export interface BrowserClientToServerEvents extends BrowserTerminalClientEvents {
  "session:join": (payload: JoinPayload, ack: (res: JoinAck) => void) => void;
  "session:leave": (payload: LeavePayload, ack: (res: SimpleAck) => void) => void;
  "session:send": (payload: SendPayload, ack: (res: SimpleAck) => void) => void;
  "session:cancel": (payload: CancelPayload, ack: (res: CancelAck) => void) => void;
  "approval:respond": (payload: ApprovalRespondPayload, ack: (res: SimpleAck) => void) => void;
}

/** Events the hub pushes to browsers. */
export interface BrowserServerToClientEvents extends BrowserTerminalServerEvents {
  "session:events": (payload: EventsPayload) => void;
  "session:updated": (payload: SessionUpdatedPayload) => void;
  "workers:updated": (payload: WorkersUpdatedPayload) => void;
  "session:deleted": (payload: SessionDeletedPayload) => void;
}

/** Names of the browser's client events, for dispatch tables and tests. */
export const BROWSER_CLIENT_EVENTS = [
  "session:join",
  "session:leave",
  "session:send",
  "session:cancel",
  "approval:respond",
  ...BROWSER_TERMINAL_EVENTS,
] as const satisfies readonly (keyof BrowserClientToServerEvents)[];
