import { type ConversationMode } from "@aiflare/core";
import type { FieldIssue, SessionSummary, TurnDiffResponse, RevertResponse } from "@aiflare/protocol";
import type { ConversationStore } from "../agent/conversation-store.js";
import { HubError } from "../errors.js";
import type { SessionRunner } from "../runner/session-runner.js";
import type { SessionStore } from "../store/session-store.js";
import type { ToolRunnerFactory } from "../tools/tool-runner.js";
import type { ConversationSnapshots } from "./conversation-snapshots.js";
/** 409 listing the files someone else changed since the turns being undone. */
export declare class RevertConflictError extends HubError {
    constructor(message: string, details: FieldIssue[]);
}
export interface CheckpointActionsDeps {
    store: SessionStore;
    runner: SessionRunner;
    tools: ToolRunnerFactory;
    conversations: ConversationStore;
    snapshots: ConversationSnapshots;
    conversationMode: ConversationMode;
}
/** The checkpoint routes' work: a turn's diff, undoing turns (files and context), forking a session. */
export declare class CheckpointActions {
    private readonly deps;
    constructor(deps: CheckpointActionsDeps);
    diff(session: SessionSummary, turnId: string): Promise<TurnDiffResponse>;
    /** Undoes `turnId` and every later turn not undone yet: their files go back, then the context. */
    revert(session: SessionSummary, turnId: string, force: boolean): Promise<RevertResponse>;
    /** A new session on the same worker and workdir holding everything up to and including `turnId`. */
    fork(session: SessionSummary, turnId: string | undefined): Promise<SessionSummary>;
    private turnOf;
    /** A checkpoint request whose failure becomes a 409 with the worker's reason. */
    private ask;
}
//# sourceMappingURL=checkpoint-actions.d.ts.map