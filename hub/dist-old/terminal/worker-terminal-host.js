import { HubError, WorkerUnavailableError } from "../errors.js";
import { hubErrorFromAck } from "../tools/workspace-runner.js";
/** Terminals on a remote worker: `terminal:*` events over its socket; output comes back through the worker namespace. */
export class WorkerTerminalHost {
    workers;
    workerId;
    constructor(workers, workerId) {
        this.workers = workers;
        this.workerId = workerId;
    }
    async open(request) {
        const socket = this.socket();
        if (!socket)
            throw new WorkerUnavailableError(`worker ${this.workers.get(this.workerId)?.name ?? this.workerId} is offline`);
        let ack;
        try {
            ack = await socket.timeout(15_000).emitWithAck("terminal:open", request);
        }
        catch {
            throw new HubError("timeout", "the worker did not start the terminal in time", 504);
        }
        if (!ack.ok)
            throw hubErrorFromAck(ack);
    }
    input(terminalId, data) {
        this.socket()?.emit("terminal:input", { terminalId, data });
    }
    resize(terminalId, cols, rows) {
        this.socket()?.emit("terminal:resize", { terminalId, cols, rows });
    }
    close(terminalId) {
        this.socket()?.emit("terminal:close", { terminalId });
    }
    socket() {
        const socket = this.workers.connectionOf(this.workerId);
        return socket?.connected ? socket : undefined;
    }
}
//# sourceMappingURL=worker-terminal-host.js.map