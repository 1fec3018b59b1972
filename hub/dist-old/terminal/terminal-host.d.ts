import type { TerminalExitPayload } from "@aiflare/protocol";
/** Where a session's terminals run: its worker over the socket, or the hub itself (local mode). */
export interface TerminalHost {
    /** Starts a pty in `workdir`; rejects with a HubError when it cannot. */
    open(request: {
        terminalId: string;
        sessionId: string;
        workdir: string;
        cols: number;
        rows: number;
    }): Promise<void>;
    input(terminalId: string, data: string): void;
    resize(terminalId: string, cols: number, rows: number): void;
    close(terminalId: string): void;
}
/** What hosts report back to the relay. */
export interface TerminalSink {
    output(workerId: string, terminalId: string, data: string): void;
    exited(workerId: string, exit: TerminalExitPayload): void;
}
//# sourceMappingURL=terminal-host.d.ts.map