import type { ApprovalDecision, DeltaBody, EventBody, SessionEvent, SessionStatus, SessionSummary, Usage } from "@aiflare/protocol";
/** Where a running turn writes: timeline events, streamed deltas and the session status. */
export interface TurnSink {
    append(body: EventBody): SessionEvent;
    stream(delta: DeltaBody): void;
    setStatus(status: SessionStatus): void;
    /** What one model response cost, as soon as it is known (counted also when the turn fails or is canceled). */
    addUsage?(usage: Usage): void;
}
export interface TurnInput {
    session: SessionSummary;
    turnId: string;
    prompt: string;
    /** Images sent with the prompt (base64), for the model as `input_image`. */
    images?: readonly {
        mediaType: string;
        data: string;
    }[];
    /** Aborted when the turn is canceled; the runtime stops its request and its tool calls. */
    signal: AbortSignal;
    sink: TurnSink;
}
export interface TurnOutcome {
    /** The assistant's final text for this turn. */
    reply: string;
    usage?: Usage;
}
/** A manual compaction job: like a turn, it runs in the session's queue and can be canceled. */
export interface CompactInput {
    session: SessionSummary;
    signal: AbortSignal;
    sink: TurnSink;
}
/** One session's agent: runs a turn at a time, keeping its own conversation state. */
export interface SessionRuntime {
    runTurn(input: TurnInput): Promise<TurnOutcome>;
    /** Answers a pending approval; false when it has none with this callId. */
    respondApproval?(callId: string, decision: ApprovalDecision): boolean;
    /** Compacts the model's context now (`POST /api/sessions/:id/compact`). */
    compact?(input: CompactInput): Promise<void>;
}
/** Builds the runtime for a session, once, when its first turn starts. */
export type RuntimeFactory = (session: SessionSummary) => SessionRuntime;
//# sourceMappingURL=runtime.d.ts.map