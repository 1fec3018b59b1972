import { TerminalManager } from "@aiflare/worker";
import { LOCAL_WORKER_ID } from "../tools/tool-runner.js";
/** Local mode: the worker's TerminalManager run inside the hub, confined to the built-in worker's roots. */
export class LocalTerminalHost {
    manager;
    constructor(options) {
        this.manager = new TerminalManager({
            roots: options.roots,
            onOutput: (terminalId, data) => options.sink.output(LOCAL_WORKER_ID, terminalId, data),
            onExit: (terminalId, exit) => options.sink.exited(LOCAL_WORKER_ID, { terminalId, ...exit }),
        });
    }
    open(request) {
        return this.manager.open(request);
    }
    input(terminalId, data) {
        this.manager.input(terminalId, data);
    }
    resize(terminalId, cols, rows) {
        this.manager.resize(terminalId, cols, rows);
    }
    close(terminalId) {
        this.manager.close(terminalId);
    }
}
//# sourceMappingURL=local-terminal-host.js.map