import {
  ApprovalRespondPayload,
  BROWSER_CLIENT_EVENTS,
  BROWSER_NAMESPACE,
  BrowserAuth,
  CancelPayload,
  JoinPayload,
  LeavePayload,
  PROTOCOL_VERSION,
  SendPayload,
  type BrowserClientToServerEvents,
  type SessionSummary,
  type BrowserServerToClientEvents,
} from "@aiflare/protocol";
import type { Namespace, Server } from "socket.io";
import type { PromptIntake } from "../attachments/prompt-intake.js";
import { tokensEqual } from "../auth/tokens.js";
import { HubError, NotFoundError } from "../errors.js";
import type { Logger } from "../logger.js";
import type { WorkerRegistry } from "../registry/workers.js";
import type { TurnController } from "../runner/turn-controller.js";
import type { SessionStore } from "../store/session-store.js";
import { acked, errorAck, splitArgs } from "./ack.js";
import type { AuthFailureLimiter } from "../auth/auth-failures.js";
import { checkHandshakeToken, handshakeError } from "./handshake.js";
import { corkQueuedFrames } from "./cork-frames.js";
import { sessionRoom } from "./rooms.js";
import { SummaryFanout } from "./summary-fanout.js";
import type { TerminalRelay } from "../terminal/terminal-relay.js";
import { attachTerminalHandlers } from "./terminal-handlers.js";

export type BrowserNamespace = Namespace<BrowserClientToServerEvents, BrowserServerToClientEvents>;

export interface BrowserNamespaceDeps {
  logger: Logger;
  browserToken: string;
  store: SessionStore;
  workers: WorkerRegistry;
  turns: TurnController;
  authFailures: AuthFailureLimiter;
  intake: PromptIntake;
  /** Terminals on the sessions' workers. */
  terminals?: TerminalRelay;
  /** SummaryFanout's window (default SUMMARY_WINDOW_MS). */
  summaryWindowMs?: number | undefined;
}

const KNOWN_EVENTS = new Set<string>(BROWSER_CLIENT_EVENTS);

/**
 * `/browser`: token-checked handshake, one room per session, committed timeline events
 * fanned out to the room in seq-ordered batches, summaries and workers to everyone.
 */
export function attachBrowserNamespace(io: Server, deps: BrowserNamespaceDeps): { namespace: BrowserNamespace; detach: () => void } {
  const { logger, store, turns } = deps;
  const nsp = io.of(BROWSER_NAMESPACE) as unknown as BrowserNamespace;

  nsp.use((socket, next) => {
    const auth = BrowserAuth.safeParse(socket.handshake.auth);
    const refused = checkHandshakeToken(deps.authFailures, socket.handshake.address, auth.success && tokensEqual(auth.data.token, deps.browserToken));
    if (refused || !auth.success) return next(refused ?? handshakeError("unauthorized", "missing or invalid token"));
    if (auth.data.protocolVersion !== undefined && auth.data.protocolVersion !== PROTOCOL_VERSION) {
      return next(handshakeError("protocol_mismatch", `hub speaks protocol ${PROTOCOL_VERSION}, client ${auth.data.protocolVersion}`));
    }
    next();
  });

  nsp.on("connection", (socket) => {
    corkQueuedFrames(socket);
    const on = (event: string, listener: (...args: unknown[]) => void) =>
      (socket as unknown as { on(event: string, listener: (...args: unknown[]) => void): void }).on(event, listener);

    on(
      "session:join",
      acked(logger, "session:join", JoinPayload, async ({ sessionId, afterSeq }) => {
        if (!store.has(sessionId)) throw new NotFoundError(`session ${sessionId} not found`);
        // Join in the same synchronous step as the last read: every later batch starts right
        // after `lastSeq`, so the ack and the live stream neither overlap nor leave a gap.
        const joined: { session?: SessionSummary } = {};
        const { events, lastSeq } = await store.catchUp(sessionId, afterSeq ?? 0, () => {
          joined.session = store.get(sessionId);
          void socket.join(sessionRoom(sessionId));
        });
        if (!joined.session) throw new NotFoundError(`session ${sessionId} not found`);
        return { ok: true as const, session: { ...joined.session, lastSeq }, events, lastSeq };
      }),
    );

    on(
      "session:leave",
      acked(logger, "session:leave", LeavePayload, ({ sessionId }) => {
        void socket.leave(sessionRoom(sessionId));
        return { ok: true as const };
      }),
    );

    on(
      "session:send",
      acked(logger, "session:send", SendPayload, async ({ sessionId, text, images }) => {
        await deps.intake.accept(sessionId, text, images);
        return { ok: true as const };
      }),
    );

    on(
      "session:cancel",
      acked(logger, "session:cancel", CancelPayload, ({ sessionId }) => {
        if (!store.has(sessionId)) throw new NotFoundError(`session ${sessionId} not found`);
        return { ok: true as const, canceled: turns.cancel(sessionId) };
      }),
    );

    on(
      "approval:respond",
      acked(logger, "approval:respond", ApprovalRespondPayload, ({ sessionId, callId, decision }) => {
        if (!store.has(sessionId)) throw new NotFoundError(`session ${sessionId} not found`);
        if (!turns.respondApproval(sessionId, callId, decision)) {
          throw new NotFoundError(`no pending approval ${callId} in session ${sessionId}`);
        }
        return { ok: true as const };
      }),
    );

    if (deps.terminals) attachTerminalHandlers(socket, { logger, store, terminals: deps.terminals });

    socket.onAny((event: string, ...args: unknown[]) => {
      if (KNOWN_EVENTS.has(event)) return;
      splitArgs(args).ack?.(errorAck(new HubError("unknown_event", `unknown event ${JSON.stringify(String(event).slice(0, 100))}`, 400)));
    });

    socket.emit("workers:updated", { workers: deps.workers.list() });
  });

  // Local emits: every node's store commits every change (its own, or another node's it
  // ingested), so each node fans out to its own browsers; a join is one synchronous step.
  // Summaries go to every browser, one session:updated per session and committed step after that
  // step's events, batched when they come close together (see SummaryFanout).
  const summaries = new SummaryFanout((session) => nsp.local.emit("session:updated", { session }), deps.summaryWindowMs);
  const unsubscribeStore = store.subscribe({
    onEvents: (sessionId, events) => nsp.local.to(sessionRoom(sessionId)).emit("session:events", { sessionId, events: [...events] }),
    onSummary: (session) => summaries.add(session),
    onDeleted: (sessionId) => {
      summaries.forget(sessionId);
      nsp.emit("session:deleted", { sessionId });
    },
  });
  const unsubscribeWorkers = deps.workers.subscribe((workers) => nsp.local.emit("workers:updated", { workers }));

  return {
    namespace: nsp,
    detach: () => {
      unsubscribeStore();
      summaries.close();
      unsubscribeWorkers();
    },
  };
}
