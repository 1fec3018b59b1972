/** The worker id of the hub's built-in in-process worker (local mode). */
export const LOCAL_WORKER_ID = "local";
/** Picks the runner for a session by its worker: `local` in-process, anything else over its socket. */
export class ToolRunnerFactory {
    runners;
    constructor(runners) {
        this.runners = runners;
    }
    for(session) {
        if (session.workerId === LOCAL_WORKER_ID && this.runners.local)
            return this.runners.local;
        return this.runners.cli;
    }
}
//# sourceMappingURL=tool-runner.js.map