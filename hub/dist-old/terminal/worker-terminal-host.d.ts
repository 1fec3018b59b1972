import type { WorkerRegistry } from "../registry/workers.js";
import type { WorkerSocket } from "../socket/worker-namespace.js";
import type { TerminalHost } from "./terminal-host.js";
/** Terminals on a remote worker: `terminal:*` events over its socket; output comes back through the worker namespace. */
export declare class WorkerTerminalHost implements TerminalHost {
    private readonly workers;
    private readonly workerId;
    constructor(workers: WorkerRegistry<WorkerSocket>, workerId: string);
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
    private socket;
}
//# sourceMappingURL=worker-terminal-host.d.ts.map