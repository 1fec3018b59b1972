import type { CheckpointAck, CheckpointRequest, FileChange, SessionSummary } from "@aiflare/protocol";
import type { Logger } from "../logger.js";
import type { TurnHooks } from "../runner/turn-hooks.js";
import type { ToolRunner, ToolRunnerFactory } from "../tools/tool-runner.js";
import type { ConversationSnapshots } from "./conversation-snapshots.js";
/** A checkpoint request without the session fields the runner fills in. */
export type CheckpointOp = CheckpointRequest extends infer R ? (R extends unknown ? Omit<R, "sessionId" | "workdir"> : never) : never;
/** Sends a checkpoint request to the session's worker (or runs it in the hub in local mode). */
export declare function checkpointOn(tools: ToolRunnerFactory, session: SessionSummary, op: CheckpointOp): Promise<CheckpointAck>;
/**
 * The turn side of checkpoints: tool calls carry their turn's id (so the worker snapshots
 * before the turn's first change), the conversation is snapshotted before and after every
 * turn, and a turn that ran anything on its worker ends with an end checkpoint whose answer
 * becomes `turn_completed.changes`.
 */
export declare class TurnCheckpoints implements TurnHooks {
    private readonly options;
    /** sessionId -> the running turn, and whether it sent anything to its worker. */
    private readonly running;
    constructor(options: {
        snapshots: ConversationSnapshots;
        /** Where end checkpoints go (given late: the factory is built from this class's wrappers). */
        tools: () => ToolRunnerFactory;
        logger?: Pick<Logger, "warn">;
    });
    /** Wraps a runner so each call carries the running turn's id. */
    wrap(inner: ToolRunner): ToolRunner;
    turnStarted(session: SessionSummary, turnId: string): Promise<void>;
    turnEnded(session: SessionSummary, turnId: string): Promise<{
        changes?: FileChange[];
    }>;
}
//# sourceMappingURL=turn-checkpoints.d.ts.map