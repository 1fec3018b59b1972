import { Fragment } from "react";
import { splitMcpToolName } from "@aiflare/protocol";
import "./mcp.css";

/** The head of an MCP call's card: an MCP badge, the server and the tool (from `mcp__SERVER__TOOL`). */
export function McpCallTitle({ tool }: { tool: string }) {
  const parts = splitMcpToolName(tool);
  return (
    <span className="mcp-title" data-testid="mcp-call" title={tool}>
      <span className="mcp-badge">MCP</span>
      <span className="mcp-server" data-testid="mcp-server">
        {parts?.server ?? "?"}
      </span>
      <span className="mcp-sep" aria-hidden>
        ›
      </span>
      <span className="mcp-tool" data-testid="mcp-tool">
        {parts?.tool ?? tool}
      </span>
    </span>
  );
}

/** An MCP call's arguments as name / value rows; strings as they are, anything else as JSON. */
export function McpArgs({ args }: { args: Record<string, unknown> }) {
  const entries = Object.entries(args);
  if (entries.length === 0) return <div className="mcp-args mcp-none">no arguments</div>;
  return (
    <dl className="mcp-args" data-testid="mcp-args">
      {entries.map(([name, value]) => (
        <Fragment key={name}>
          <dt>{name}</dt>
          <dd>{typeof value === "string" ? value : JSON.stringify(value, null, 1)}</dd>
        </Fragment>
      ))}
    </dl>
  );
}
