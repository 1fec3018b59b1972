import type { ContextUsage } from "@aiflare/protocol";
import type { TimelineItem } from "../hub/timeline.js";

/** Tokens in short: 950, 61k, 1.2M. */
export function shortTokens(tokens: number): string {
  if (tokens < 1000) return String(tokens);
  if (tokens < 1_000_000) return `${Math.round(tokens / 1000)}k`;
  return `${(tokens / 1_000_000).toFixed(1).replace(/\.0$/, "")}M`;
}

/** How full the model's context is ("61k / 272k"), warning near the limit, with a Compact button. */
export function ContextMeter({ context, onCompact }: { context: ContextUsage | undefined; onCompact: () => void }) {
  const share = context ? Math.min(1, context.usedTokens / context.windowTokens) : 0;
  const level = share >= 0.9 ? "danger" : share >= 0.75 ? "warn" : "ok";
  return (
    <div className="context-meter" data-testid="context-meter" data-level={level}>
      {context && (
        <span className="context-reading" title={`${context.usedTokens.toLocaleString()} of ${context.windowTokens.toLocaleString()} tokens of the model's context are in use`}>
          <span className="context-bar" aria-hidden>
            <span className="context-fill" style={{ width: `${Math.round(share * 100)}%` }} />
          </span>
          <span data-testid="context-text">
            {shortTokens(context.usedTokens)} / {shortTokens(context.windowTokens)}
          </span>
        </span>
      )}
      <button className="btn btn-small" data-testid="compact" title="Summarise the conversation so far to free the model's context (or type /compact)" onClick={onCompact}>
        Compact
      </button>
    </div>
  );
}

/** Which AGENTS.md files the agent follows (shown once per session, and when the list changes). */
export function AgentsMdNotice({ files }: { files: string[] }) {
  return (
    <details className="notice notice-agents" data-testid="agents-md-notice">
      <summary>
        Following {files.length === 1 ? "1 AGENTS.md file" : `${files.length} AGENTS.md files`}
      </summary>
      <ul>
        {files.map((file) => (
          <li key={file} className="mono">
            {file}
          </li>
        ))}
      </ul>
    </details>
  );
}

const REASON: Record<string, string> = { auto: "the context was nearly full", manual: "asked for", overflow: "the model refused a request as too long" };

/** A compaction in the timeline: the model's context was replaced by a summary (the timeline keeps everything). */
export function CompactionMark({ item }: { item: Extract<TimelineItem, { kind: "compaction" }> }) {
  return (
    <div className="compaction" data-testid="compaction" data-reason={item.reason}>
      Context compacted ({REASON[item.reason] ?? item.reason}): {shortTokens(item.tokensBefore)}
      {item.tokensAfter !== undefined ? ` → ${shortTokens(item.tokensAfter)}` : ""} tokens. Everything above stays here; the model continues from a summary.
    </div>
  );
}
