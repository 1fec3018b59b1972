import { executeWorkerTool } from "@aiflare/core";
/**
 * Local mode: runs tools inside the hub process, confined to the built-in worker's roots,
 * with live output going straight into the timeline. For tests and single-machine setups.
 */
export class LocalToolRunner {
    options;
    constructor(options) {
        this.options = options;
    }
    async run(session, call, signal) {
        // Like a worker: the turn's first change waits for its checkpoint; a failed one never blocks the call.
        if (call.turnId)
            await this.options.checkpoints?.beforeChange(session.workdir, call.turnId, session.id).catch(() => undefined);
        return executeWorkerTool({
            callId: call.callId,
            tool: call.tool,
            args: call.args,
            workdir: session.workdir,
            roots: this.options.roots,
            timeoutMs: call.timeoutMs,
            signal,
            onOutput: (stream, chunk) => this.options.store.stream(session.id, { type: "tool_output", callId: call.callId, stream, chunk }),
        });
    }
    checkpoint(_session, request) {
        if (!this.options.checkpoints)
            return Promise.resolve({ ok: false, error: { code: "unavailable", message: "checkpoints are off in this hub" } });
        return this.options.checkpoints.handle(request);
    }
}
//# sourceMappingURL=local-tool-runner.js.map