/**
 * The MCP tools each worker offers (names, descriptions, input schemas), as its last
 * `worker:tools` said. The hub gives sessions on that worker one function tool per entry;
 * `onChange` keeps the names in the worker's summary (`WorkerSummary.tools`).
 */
export class WorkerToolCatalog {
    onChange;
    byWorker = new Map();
    constructor(onChange) {
        this.onChange = onChange;
    }
    set(workerId, tools) {
        this.byWorker.set(workerId, tools.map((tool) => ({ ...tool })));
        this.onChange?.(workerId, tools.map((tool) => tool.name));
    }
    /** Takes the specs another cluster node holds for a worker connected there (no `onChange`: the names come with its summary). */
    adopt(workerId, tools) {
        this.byWorker.set(workerId, tools.map((tool) => ({ ...tool })));
    }
    /** The tools a worker offers now (none when it never said). */
    of(workerId) {
        return this.byWorker.get(workerId) ?? [];
    }
}
//# sourceMappingURL=worker-tools.js.map