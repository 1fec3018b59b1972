import {
  BROWSER_NAMESPACE,
  PROTOCOL_VERSION,
  type ApprovalDecision,
  type BrowserClientToServerEvents,
  type BrowserServerToClientEvents,
  type CreateSessionBody,
  type ImageInput,
  type RevertResponse,
  type TurnDiffResponse,
  type SessionEvent,
  type SessionSummary,
  type WorkerSummary,
} from "@aiflare/protocol";
import { io, type Socket } from "socket.io-client";
import { rest } from "./rest.js";
import { TerminalClient } from "./terminal-client.js";

export type Connection = "connecting" | "connected" | "reconnecting" | "unauthorized";

/** One session as the UI holds it: summary, every event seen (by seq), and whether it has news. */
export interface SessionView {
  summary: SessionSummary;
  events: SessionEvent[];
  lastSeq: number;
  joined: boolean;
  unread: boolean;
  /** Bumped on every change, so views can memoise on it. */
  version: number;
}

export interface HubState {
  connection: Connection;
  workers: WorkerSummary[];
  sessions: Record<string, SessionView>;
  activeId: string | null;
  error: string | null;
}

type Listener = () => void;
type ClientEvents = BrowserClientToServerEvents;
/** The ack an event is answered with, from the protocol's event map. */
type AckOf<E extends keyof ClientEvents> = Parameters<Parameters<ClientEvents[E]>[1]>[0];

/** Events a page asks for when it opens a session it holds nothing of (a phone need not load a week's stream). */
const FIRST_LOAD_EVENTS = 20_000;

/** Statuses in which a turn is under way. */
export const BUSY = new Set(["running", "streaming", "awaiting_approval"]);

/**
 * The browser's connection to the hub and everything it knows. One `/browser` socket; every
 * open session joined with the last seq it has, again after each reconnect, so it gets
 * exactly what it missed. Duplicates are dropped by seq; a gap triggers a rejoin.
 */
export class HubStore {
  private state: HubState = { connection: "connecting", workers: [], sessions: {}, activeId: null, error: null };
  private readonly listeners = new Set<Listener>();
  private readonly attachments = new Map<string, Promise<string>>();
  private readonly socket: Socket<BrowserServerToClientEvents, BrowserClientToServerEvents>;

  /** The page's terminals (over the same socket). */
  readonly terminals: TerminalClient;

  constructor(readonly token: string) {
    this.socket = io(BROWSER_NAMESPACE, {
      auth: { token, protocolVersion: PROTOCOL_VERSION },
      transports: ["websocket"],
      autoConnect: false, // `connect()`: the page connects once it is mounted (and again after React's dev remount)
      reconnectionDelay: 300,
      reconnectionDelayMax: 5000,
    });
    this.socket.on("connect", () => {
      this.set({ connection: "connected", error: null });
      void this.refreshSessions();
      for (const view of Object.values(this.state.sessions)) if (view.joined) void this.join(view.summary.id);
      // A session opened before the first connect (a deep link) is joined now.
      const active = this.state.activeId;
      if (active && !this.state.sessions[active]?.joined) void this.join(active);
    });
    this.socket.on("disconnect", () => this.set({ connection: "reconnecting" }));
    this.socket.on("connect_error", (error: Error & { data?: { code?: string } }) => {
      if (error.data?.code === "unauthorized") {
        this.socket.disconnect();
        this.set({ connection: "unauthorized", error: "The hub refused this token." });
      } else this.set({ connection: "reconnecting" });
    });
    this.socket.on("workers:updated", ({ workers }) => this.set({ workers }));
    this.socket.on("session:updated", ({ session }) => this.upsert(session));
    this.socket.on("session:events", ({ sessionId, events }) => this.apply(sessionId, events));
    this.socket.on("session:deleted", ({ sessionId }) => this.forget(sessionId));
    this.terminals = new TerminalClient(this.socket);
  }

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getState = (): HubState => this.state;

  /** Shows a session: joins its room (from the last seq held) and clears its unread mark. */
  open(sessionId: string): void {
    const view = this.state.sessions[sessionId];
    this.set({ activeId: sessionId });
    if (view) this.patchSession(sessionId, { unread: false });
    if (!view?.joined) void this.join(sessionId);
  }

  /** Back to the list (the phone's home screen): no session shown. */
  home(): void {
    this.set({ activeId: null });
  }

  async createSession(body: CreateSessionBody): Promise<SessionSummary> {
    const { session } = await rest.createSession(this.token, body);
    this.upsert(session);
    this.open(session.id);
    return session;
  }

  async send(sessionId: string, text: string, images: ImageInput[] = []): Promise<void> {
    const ack = await this.request("session:send", { sessionId, text, ...(images.length > 0 ? { images } : {}) });
    if (!ack.ok) throw new Error(ack.error.message);
  }

  /** Compacts the session's model context (queued after what is queued). */
  async compact(sessionId: string): Promise<void> {
    await rest.compact(this.token, sessionId);
  }

  /** A stored attachment (`/api/...`, token required) as a blob URL an <img> can show; cached. */
  attachment = (url: string): Promise<string> => {
    let loaded = this.attachments.get(url);
    if (!loaded) {
      loaded = fetch(url, { headers: { authorization: `Bearer ${this.token}` } }).then(async (response) => {
        if (!response.ok) throw new Error(`image: HTTP ${response.status}`);
        return URL.createObjectURL(await response.blob());
      });
      void loaded.catch(() => this.attachments.delete(url));
      this.attachments.set(url, loaded);
    }
    return loaded;
  };

  /** The access token, for REST calls the UI makes itself (push subscriptions). */
  get accessToken(): string {
    return this.token;
  }

  async cancel(sessionId: string): Promise<void> {
    const ack = await this.request("session:cancel", { sessionId });
    if (!ack.ok) throw new Error(ack.error.message);
  }

  async respond(sessionId: string, callId: string, decision: ApprovalDecision): Promise<void> {
    const ack = await this.request("approval:respond", { sessionId, callId, decision });
    if (!ack.ok) throw new Error(ack.error.message);
  }

  /** A turn's diff (REST). */
  turnDiff(sessionId: string, turnId: string): Promise<TurnDiffResponse> {
    return rest.turnDiff(this.token, sessionId, turnId);
  }

  /** Undoes a turn and every later one (REST; a 409 RestError lists conflicting files). */
  revert(sessionId: string, turnId: string, force = false): Promise<RevertResponse> {
    return rest.revert(this.token, sessionId, turnId, force);
  }

  /** Forks the session at a turn and opens the fork. */
  async fork(sessionId: string, turnId: string): Promise<SessionSummary> {
    const { session } = await rest.fork(this.token, sessionId, turnId);
    this.upsert(session);
    this.open(session.id);
    return session;
  }

  /** Emits a client event and waits for its ack (10 s), typed from the event map. */
  private async request<E extends keyof ClientEvents>(event: E, payload: Parameters<ClientEvents[E]>[0]): Promise<AckOf<E>> {
    // socket.io-client's timeout() typing loses the ack type; the event map states it.
    const socket = this.socket.timeout(10_000) as unknown as { emitWithAck(event: string, payload: unknown): Promise<unknown> };
    return (await socket.emitWithAck(event, payload)) as AckOf<E>;
  }

  /** Takes a session off the list (it was deleted here or elsewhere). */
  forget(sessionId: string): void {
    if (!this.state.sessions[sessionId]) return;
    const { [sessionId]: _gone, ...rest } = this.state.sessions;
    this.set({ sessions: rest, activeId: this.state.activeId === sessionId ? null : this.state.activeId });
  }

  /** A summary from a REST answer (rename, archive) shown at once. */
  updated(summary: SessionSummary): void {
    this.upsert(summary);
  }

  /** Drops the connection as a network failure would (the socket reconnects by itself). */
  dropConnection(): void {
    this.socket.io.engine.close();
  }

  /** Connects (again after `close`); the socket then reconnects by itself until closed. */
  connect(): void {
    this.socket.connect();
  }

  close(): void {
    this.socket.disconnect();
  }

  // ---- internals ----

  private set(patch: Partial<HubState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }

  private patchSession(sessionId: string, patch: Partial<SessionView>): void {
    const view = this.state.sessions[sessionId];
    if (!view) return;
    this.set({ sessions: { ...this.state.sessions, [sessionId]: { ...view, ...patch, version: view.version + 1 } } });
  }

  private upsert(summary: SessionSummary): void {
    const view = this.state.sessions[summary.id];
    // A turn that ended in a session nobody is looking at is news, joined or not.
    const ended = view !== undefined && BUSY.has(view.summary.status) && !BUSY.has(summary.status) && summary.id !== this.state.activeId;
    const next: SessionView = view
      ? { ...view, summary: { ...summary, lastSeq: Math.max(summary.lastSeq, view.summary.lastSeq) }, unread: view.unread || ended, version: view.version + 1 }
      : { summary, events: [], lastSeq: 0, joined: false, unread: false, version: 0 };
    this.set({ sessions: { ...this.state.sessions, [summary.id]: next } });
  }

  private async refreshSessions(): Promise<void> {
    try {
      const { sessions } = await rest.listSessions(this.token);
      for (const summary of sessions) this.upsert(summary);
    } catch (error) {
      this.set({ error: error instanceof Error ? error.message : String(error) });
    }
  }

  private async join(sessionId: string): Promise<void> {
    if (!this.socket.connected) return;
    // From what this page holds; a session opened for the first time starts at its newest
    // FIRST_LOAD_EVENTS (the hub would send every event since the first, however long the session).
    const view = this.state.sessions[sessionId];
    const afterSeq = view?.lastSeq || Math.max(0, (view?.summary.lastSeq ?? 0) - FIRST_LOAD_EVENTS);
    const ack = await this.request("session:join", { sessionId, afterSeq }).catch(() => undefined);
    if (!ack) return;
    if (!ack.ok) {
      this.set({ error: ack.error.message });
      return;
    }
    this.upsert(ack.session);
    this.patchSession(sessionId, { joined: true });
    this.apply(sessionId, ack.events, true);
  }

  /**
   * Adds events in seq order; skips ones already held; on a gap in the live stream, rejoins
   * to fetch what is missing (a join's own answer is taken as is: the hub may have trimmed).
   */
  private apply(sessionId: string, events: readonly SessionEvent[], fromJoin = false): void {
    const view = this.state.sessions[sessionId];
    if (!view || events.length === 0) return;
    let lastSeq = view.lastSeq;
    const fresh: SessionEvent[] = [];
    for (const event of events) {
      if (event.seq <= lastSeq) continue;
      if (!fromJoin && lastSeq > 0 && event.seq > lastSeq + 1) {
        void this.join(sessionId); // missed something: fetch exactly what is missing
        break;
      }
      fresh.push(event);
      lastSeq = event.seq;
    }
    if (fresh.length === 0) return;
    view.events.push(...fresh);
    const news = sessionId !== this.state.activeId && fresh.some((e) => e.type === "message" || e.type === "message_delta");
    this.patchSession(sessionId, { lastSeq, unread: view.unread || news, summary: { ...view.summary, lastSeq: Math.max(lastSeq, view.summary.lastSeq) } });
  }
}
