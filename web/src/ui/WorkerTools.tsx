import { splitMcpToolName, type WorkerSummary } from "@aiflare/protocol";
import "./mcp.css";

const SANDBOX_LABEL: Record<NonNullable<WorkerSummary["sandbox"]>, string> = {
  "workspace-write": "sandboxed",
  "read-only": "read-only",
  off: "no sandbox",
};

const SANDBOX_TITLE: Record<NonNullable<WorkerSummary["sandbox"]>, string> = {
  "workspace-write": "Commands run in a bubblewrap sandbox: they write only in the session's workdir",
  "read-only": "Commands run in a bubblewrap sandbox and cannot write the workdir",
  off: "Commands run with the worker's full rights",
};

/** Under a worker in the list: how it runs commands, and the MCP tools it offers (grouped by server, folded). */
export function WorkerTools({ worker }: { worker: WorkerSummary }) {
  const tools = worker.tools ?? [];
  if (!worker.sandbox && tools.length === 0) return null;
  const byServer = new Map<string, string[]>();
  for (const name of tools) {
    const parts = splitMcpToolName(name);
    const server = parts?.server ?? "?";
    byServer.set(server, [...(byServer.get(server) ?? []), parts?.tool ?? name]);
  }
  return (
    <div className="worker-tools" data-testid="worker-tools">
      {worker.sandbox && (
        <span className={`sandbox-badge sandbox-${worker.sandbox}`} data-testid="worker-sandbox" data-mode={worker.sandbox} title={SANDBOX_TITLE[worker.sandbox]}>
          {SANDBOX_LABEL[worker.sandbox]}
        </span>
      )}
      {tools.length > 0 && (
        <details className="worker-mcp">
          <summary data-testid="worker-tool-count">
            {tools.length} MCP tool{tools.length === 1 ? "" : "s"}
          </summary>
          {[...byServer].map(([server, names]) => (
            <div key={server} className="worker-mcp-server">
              <span className="mcp-server">{server}</span>
              <ul>
                {names.map((name) => (
                  <li key={name} data-testid="worker-tool">
                    {name}
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </details>
      )}
    </div>
  );
}
