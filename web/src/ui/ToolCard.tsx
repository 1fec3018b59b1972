import type { ApprovalDecision } from "@aiflare/protocol";
import { commandLine, isMcpToolName } from "@aiflare/protocol";
import type { ToolItem } from "../hub/timeline.js";
import { McpArgs, McpCallTitle } from "./McpCall.js";


/** A patch shown as a diff: added and removed lines coloured, headers set apart. */
function PatchView({ patch }: { patch: string }) {
  return (
    <pre className="diff" data-testid="tool-diff">
      {patch.split("\n").map((line, i) => {
        const kind = line.startsWith("***") ? "hdr" : line.startsWith("@@") ? "hunk" : line.startsWith("+") ? "add" : line.startsWith("-") ? "del" : "ctx";
        return (
          <span key={i} className={`diff-${kind}`}>
            {line}
            {"\n"}
          </span>
        );
      })}
    </pre>
  );
}

export function ToolCard({ item, onRespond }: { item: ToolItem; onRespond: (callId: string, decision: ApprovalDecision) => void }) {
  const { result, approval } = item;
  const state = result ? (result.ok ? "ok" : "failed") : approval?.state === "pending" ? "waiting" : "running";
  const patch = item.draft ?? (item.tool === "apply_patch" && typeof item.args.input === "string" ? item.args.input : undefined);
  const live = item.output.length > 0;
  const mcp = isMcpToolName(item.tool);
  return (
    <div className={`tool-card tool-${state}`} data-testid="tool-card" data-call-id={item.callId}>
      <div className="tool-head">
        {mcp ? <McpCallTitle tool={item.tool} /> : <span className="tool-name">{item.tool}</span>}
        {item.tool === "shell" && <code className="tool-command" data-testid="tool-command">$ {commandLine(item.args)}</code>}
        <span className="tool-state" data-testid="tool-state">
          {state === "running" && <span className="spinner" aria-label="running" />}
          {result && (
            <span data-testid="tool-exit">
              {result.exitCode !== undefined ? `exit ${result.exitCode}` : result.ok ? "done" : "failed"} · {formatMs(result.durationMs)}
            </span>
          )}
          {state === "waiting" && "needs approval"}
          {item.draft !== undefined && <span data-testid="tool-writing">writing…</span>}
        </span>
      </div>
      {patch !== undefined && <PatchView patch={patch} />}
      {mcp && <McpArgs args={item.args} />}
      {item.tool === "update_plan" || (!mcp && item.tool !== "shell" && patch === undefined && Object.keys(item.args).length > 0) ? (
        <pre className="tool-args">{JSON.stringify(item.args, null, 2)}</pre>
      ) : null}
      {approval?.state === "pending" && (
        <div className="approval" data-testid="approval">
          <span>{mcp ? "Call this tool?" : `Run this ${item.tool === "shell" ? "command" : "change"}?`}</span>
          <button className="btn btn-primary" data-testid="approval-approve" onClick={() => onRespond(item.callId, "approve")}>
            Approve
          </button>
          <button className="btn" data-testid="approval-deny" onClick={() => onRespond(item.callId, "deny")}>
            Deny
          </button>
        </div>
      )}
      {approval && approval.state !== "pending" && <div className={`approval-note approval-${approval.state}`}>{approval.state === "approve" ? "approved" : "denied"}</div>}
      {(live || result) && (
        <pre className="tool-output" data-testid="tool-output">
          {live
            ? item.output.map((part, i) => (
                <span key={i} className={part.stream === "stderr" ? "stderr" : undefined}>
                  {part.chunk}
                </span>
              ))
            : result?.output}
          {result?.error && <span className="stderr">{`${live || result.output ? "\n" : ""}${result.error}`}</span>}
        </pre>
      )}
    </div>
  );
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
