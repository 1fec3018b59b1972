import { ApprovalRespondPayload, BROWSER_CLIENT_EVENTS, BROWSER_NAMESPACE, BrowserAuth, CancelPayload, JoinPayload, LeavePayload, PROTOCOL_VERSION, SendPayload, } from "@aiflare/protocol";
import { tokensEqual } from "../auth/tokens.js";
import { HubError, NotFoundError } from "../errors.js";
import { acked, errorAck, splitArgs } from "./ack.js";
import { checkHandshakeToken, handshakeError } from "./handshake.js";
import { corkQueuedFrames } from "./cork-frames.js";
import { sessionRoom } from "./rooms.js";
import { attachTerminalHandlers } from "./terminal-handlers.js";
const KNOWN_EVENTS = new Set(BROWSER_CLIENT_EVENTS);
/**
 * `/browser`: token-checked handshake, one room per session, committed timeline events
 * fanned out to the room in seq-ordered batches, summaries and workers to everyone.
 */
export function attachBrowserNamespace(io, deps) {
    const { logger, store, turns } = deps;
    const nsp = io.of(BROWSER_NAMESPACE);
    nsp.use((socket, next) => {
        const auth = BrowserAuth.safeParse(socket.handshake.auth);
        const refused = checkHandshakeToken(deps.authFailures, socket.handshake.address, auth.success && tokensEqual(auth.data.token, deps.browserToken));
        if (refused || !auth.success)
            return next(refused ?? handshakeError("unauthorized", "missing or invalid token"));
        if (auth.data.protocolVersion !== undefined && auth.data.protocolVersion !== PROTOCOL_VERSION) {
            return next(handshakeError("protocol_mismatch", `hub speaks protocol ${PROTOCOL_VERSION}, client ${auth.data.protocolVersion}`));
        }
        next();
    });
    nsp.on("connection", (socket) => {
        corkQueuedFrames(socket);
        const on = (event, listener) => socket.on(event, listener);
        on("session:join", acked(logger, "session:join", JoinPayload, ({ sessionId, afterSeq }) => {
            const session = store.get(sessionId);
            if (!session)
                throw new NotFoundError(`session ${sessionId} not found`);
            // Read and join in one synchronous step: every later batch starts right after `lastSeq`,
            // so the ack and the live stream neither overlap nor leave a gap.
            const { events, lastSeq } = store.eventsAfter(sessionId, afterSeq ?? 0);
            void socket.join(sessionRoom(sessionId));
            return { ok: true, session: { ...session, lastSeq }, events, lastSeq };
        }));
        on("session:leave", acked(logger, "session:leave", LeavePayload, ({ sessionId }) => {
            void socket.leave(sessionRoom(sessionId));
            return { ok: true };
        }));
        on("session:send", acked(logger, "session:send", SendPayload, async ({ sessionId, text, images }) => {
            await deps.intake.accept(sessionId, text, images);
            return { ok: true };
        }));
        on("session:cancel", acked(logger, "session:cancel", CancelPayload, ({ sessionId }) => {
            if (!store.has(sessionId))
                throw new NotFoundError(`session ${sessionId} not found`);
            return { ok: true, canceled: turns.cancel(sessionId) };
        }));
        on("approval:respond", acked(logger, "approval:respond", ApprovalRespondPayload, ({ sessionId, callId, decision }) => {
            if (!store.has(sessionId))
                throw new NotFoundError(`session ${sessionId} not found`);
            if (!turns.respondApproval(sessionId, callId, decision)) {
                throw new NotFoundError(`no pending approval ${callId} in session ${sessionId}`);
            }
            return { ok: true };
        }));
        if (deps.terminals)
            attachTerminalHandlers(socket, { logger, store, terminals: deps.terminals });
        socket.onAny((event, ...args) => {
            if (KNOWN_EVENTS.has(event))
                return;
            splitArgs(args).ack?.(errorAck(new HubError("unknown_event", `unknown event ${JSON.stringify(String(event).slice(0, 100))}`, 400)));
        });
        socket.emit("workers:updated", { workers: deps.workers.list() });
    });
    // Local emits: every node's store commits every change (its own, or another node's it
    // ingested), so each node fans out to its own browsers; a join is one synchronous step.
    // A session's summaries committed in one step (one written batch holds a turn's "running" and
    // its context estimate) reach every browser as one `session:updated`, the newest, after that
    // step's events: every browser gets every session's updates, so each one saved is a frame per
    // browser (B1: 50 turns starting at once, 5,000 frames fewer; see plan/benchmarks.md).
    const summaries = new Map();
    const sendSummaries = () => {
        for (const session of summaries.values())
            nsp.local.emit("session:updated", { session });
        summaries.clear();
    };
    const unsubscribeStore = store.subscribe({
        onEvents: (sessionId, events) => nsp.local.to(sessionRoom(sessionId)).emit("session:events", { sessionId, events: [...events] }),
        onSummary: (session) => {
            if (summaries.size === 0)
                queueMicrotask(sendSummaries);
            summaries.delete(session.id); // re-inserted: sent in the order of the newest changes
            summaries.set(session.id, session);
        },
        onDeleted: (sessionId) => {
            summaries.delete(sessionId);
            nsp.emit("session:deleted", { sessionId });
        },
    });
    const unsubscribeWorkers = deps.workers.subscribe((workers) => nsp.local.emit("workers:updated", { workers }));
    return {
        namespace: nsp,
        detach: () => {
            unsubscribeStore();
            unsubscribeWorkers();
        },
    };
}
//# sourceMappingURL=browser-namespace.js.map