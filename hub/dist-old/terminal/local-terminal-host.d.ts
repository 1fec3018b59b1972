import type { TerminalHost, TerminalSink } from "./terminal-host.js";
/** Local mode: the worker's TerminalManager run inside the hub, confined to the built-in worker's roots. */
export declare class LocalTerminalHost implements TerminalHost {
    private readonly manager;
    constructor(options: {
        roots: string[];
        sink: TerminalSink;
    });
    open(request: {
        terminalId: string;
        workdir: string;
        cols: number;
        rows: number;
    }): Promise<void>;
    input(terminalId: string, data: string): void;
    resize(terminalId: string, cols: number, rows: number): void;
    close(terminalId: string): void;
}
//# sourceMappingURL=local-terminal-host.d.ts.map