import type { McpToolInfo } from "@aiflare/protocol";

/**
 * The MCP tools each worker offers (names, descriptions, input schemas), as its last
 * `worker:tools` said. The hub gives sessions on that worker one function tool per entry;
 * `onChange` keeps the names in the worker's summary (`WorkerSummary.tools`).
 */
export class WorkerToolCatalog {
  private readonly byWorker = new Map<string, McpToolInfo[]>();

  constructor(private readonly onChange?: (workerId: string, names: string[]) => void) {}

  set(workerId: string, tools: McpToolInfo[]): void {
    this.byWorker.set(workerId, tools.map((tool) => ({ ...tool })));
    this.onChange?.(workerId, tools.map((tool) => tool.name));
  }

  /** Takes the specs another cluster node holds for a worker connected there (no `onChange`: the names come with its summary). */
  adopt(workerId: string, tools: readonly McpToolInfo[]): void {
    this.byWorker.set(workerId, tools.map((tool) => ({ ...tool })));
  }

  /** The tools a worker offers now (none when it never said). */
  of(workerId: string): readonly McpToolInfo[] {
    return this.byWorker.get(workerId) ?? [];
  }
}
