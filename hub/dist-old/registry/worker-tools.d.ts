import type { McpToolInfo } from "@aiflare/protocol";
/**
 * The MCP tools each worker offers (names, descriptions, input schemas), as its last
 * `worker:tools` said. The hub gives sessions on that worker one function tool per entry;
 * `onChange` keeps the names in the worker's summary (`WorkerSummary.tools`).
 */
export declare class WorkerToolCatalog {
    private readonly onChange?;
    private readonly byWorker;
    constructor(onChange?: ((workerId: string, names: string[]) => void) | undefined);
    set(workerId: string, tools: McpToolInfo[]): void;
    /** Takes the specs another cluster node holds for a worker connected there (no `onChange`: the names come with its summary). */
    adopt(workerId: string, tools: readonly McpToolInfo[]): void;
    /** The tools a worker offers now (none when it never said). */
    of(workerId: string): readonly McpToolInfo[];
}
//# sourceMappingURL=worker-tools.d.ts.map