import type { SessionSummary, TerminalExitPayload } from "@aiflare/protocol";
import type { TerminalHost, TerminalSink } from "./terminal-host.js";
/** A browser socket looking at terminals (only what the relay needs of it). */
export interface TerminalViewer {
    id: string;
    emit(event: "terminal:output", payload: {
        terminalId: string;
        data: string;
    }): unknown;
    emit(event: "terminal:exit", payload: TerminalExitPayload): unknown;
}
export interface TerminalRelayOptions {
    /** The host for a session's worker (remote over its socket, or in-process). */
    hostFor(session: SessionSummary): TerminalHost;
    /** How long a terminal lives with no viewer before it is closed (default one minute). */
    idleMs?: number;
}
/**
 * The hub's side of terminals: keeps which terminals exist, on which worker, and which
 * browser sockets view them; relays input down and output up; closes a terminal when a page
 * closes it, when its worker is lost, or after `idleMs` without a viewer.
 */
export declare class TerminalRelay implements TerminalSink {
    private readonly options;
    private readonly terminals;
    constructor(options: TerminalRelayOptions);
    open(viewer: TerminalViewer, session: SessionSummary, size: {
        cols: number;
        rows: number;
    }): Promise<string>;
    /** Adds a viewer; returns the recent output to redraw. */
    attach(viewer: TerminalViewer, terminalId: string): string;
    detach(viewerId: string, terminalId: string): void;
    /** A browser socket went away: it views nothing any more. */
    viewerGone(viewerId: string): void;
    input(terminalId: string, data: string): void;
    resize(terminalId: string, cols: number, rows: number): void;
    /** Ends a terminal and tells its viewers. */
    close(terminalId: string, reason?: string): void;
    closeSession(sessionId: string): void;
    /** The worker's connection is gone, and its terminals with it. */
    workerGone(workerId: string): void;
    closeAll(): void;
    /** Terminals open now (for tests and status). */
    get size(): number;
    output(workerId: string, terminalId: string, data: string): void;
    exited(workerId: string, exit: TerminalExitPayload): void;
    private finish;
    private entryOf;
}
//# sourceMappingURL=terminal-relay.d.ts.map