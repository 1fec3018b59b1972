import { newConversation } from "@aiflare/core";
import { ConflictError, HubError, NotFoundError } from "../errors.js";
import { checkpointOn } from "./turn-checkpoints.js";
import { turnsOf } from "./turns.js";
/** 409 listing the files someone else changed since the turns being undone. */
export class RevertConflictError extends HubError {
    constructor(message, details) { super("conflict", message, 409, details); }
}
/** The checkpoint routes' work: a turn's diff, undoing turns (files and context), forking a session. */
export class CheckpointActions {
    deps;
    constructor(deps) {
        this.deps = deps;
    }
    async diff(session, turnId) {
        const turn = this.turnOf(session.id, turnId);
        if (!turn.changes)
            return { turnId, files: [] };
        const ack = await this.ask(session, { op: "diff", turnId });
        return { turnId, files: ack.files ?? [] };
    }
    /** Undoes `turnId` and every later turn not undone yet: their files go back, then the context. */
    revert(session, turnId, force) {
        const { store, runner, conversations, snapshots } = this.deps;
        return runner.exclusive(session.id, async () => {
            const turns = turnsOf(store.eventsAfter(session.id).events);
            const from = turns.findIndex((turn) => turn.turnId === turnId);
            const turn = turns[from];
            if (!turn)
                throw new NotFoundError(`turn ${turnId} not found in session ${session.id}`);
            if (turn.reverted)
                throw new ConflictError(`turn ${turnId} was already undone`);
            const before = await snapshots.get(session.id, turnId, "before");
            if (before === undefined)
                throw new ConflictError(`turn ${turnId} has no checkpoint to go back to`);
            const range = turns.slice(from).filter((t) => !t.reverted);
            const withFiles = range.filter((t) => t.changes !== undefined).map((t) => t.turnId);
            let files = [];
            if (withFiles.length > 0) {
                const ack = await this.ask(session, { op: "revert", turnIds: withFiles, force });
                if (ack.conflicts && ack.conflicts.length > 0) {
                    throw new RevertConflictError(`${ack.conflicts.length} file(s) changed since turn ${turnId} by someone else: ${ack.conflicts.slice(0, 10).join(", ")}; send {"force": true} to undo anyway`, ack.conflicts.map((path) => ({ path, message: "changed since the turn" })));
                }
                files = ack.changes ?? [];
            }
            conversations.save(session.id, before ?? newConversation(this.deps.conversationMode));
            store.append(session.id, { type: "reverted", turnId, files });
            await store.flush(session.id);
            return { turnId, files };
        });
    }
    /** A new session on the same worker and workdir holding everything up to and including `turnId`. */
    async fork(session, turnId) {
        const { store, conversations, snapshots } = this.deps;
        const { events } = store.eventsAfter(session.id);
        const turns = turnsOf(events);
        const last = turnId ? this.turnOf(session.id, turnId) : turns.findLast((t) => t.completedSeq !== undefined);
        if (last && last.completedSeq === undefined)
            throw new ConflictError(`turn ${last.turnId} has not finished yet`);
        const upTo = last?.completedSeq ?? 0;
        const state = last ? await snapshots.get(session.id, last.turnId, "after") : await conversations.load(session.id);
        if (last && state === undefined)
            throw new ConflictError(`turn ${last.turnId} has no checkpoint to fork from`);
        const fork = await store.create({
            workerId: session.workerId,
            workdir: session.workdir,
            model: session.model,
            title: session.title ? `${session.title} (fork)` : "",
            approvalPolicy: session.approvalPolicy,
            parentId: session.id,
        });
        const copied = turns.filter((t) => t.completedSeq !== undefined && t.completedSeq <= upTo).map((t) => t.turnId);
        await snapshots.copy(session.id, fork.id, copied); // first: it may copy the conversation log the save then appends to
        if (state)
            conversations.save(fork.id, state);
        for (const event of events) {
            if (event.seq > upTo)
                break;
            const { id: _id, sessionId: _sessionId, seq: _seq, createdAt: _createdAt, ...body } = event;
            store.append(fork.id, body);
        }
        await store.flush(fork.id);
        return store.get(fork.id) ?? fork;
    }
    turnOf(sessionId, turnId) {
        const turn = turnsOf(this.deps.store.eventsAfter(sessionId).events).find((t) => t.turnId === turnId);
        if (!turn)
            throw new NotFoundError(`turn ${turnId} not found in session ${sessionId}`);
        return turn;
    }
    /** A checkpoint request whose failure becomes a 409 with the worker's reason. */
    async ask(session, op) {
        const ack = await checkpointOn(this.deps.tools, session, op);
        if (!ack.ok)
            throw new ConflictError(`checkpoint on the worker failed: ${ack.error.message}`);
        return ack;
    }
}
//# sourceMappingURL=checkpoint-actions.js.map