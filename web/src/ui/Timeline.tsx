import type { ApprovalDecision, SessionEvent } from "@aiflare/protocol";
import { useLayoutEffect, useMemo, useRef } from "react";
import { buildTimeline, type TimelineItem } from "../hub/timeline.js";
import { Markdown } from "./Markdown.js";
import { ToolCard } from "./ToolCard.js";

function Item({ item, onRespond }: { item: TimelineItem; onRespond: (callId: string, decision: ApprovalDecision) => void }) {
  switch (item.kind) {
    case "message":
      return item.role === "user" ? (
        <div className="msg msg-user" data-testid="message-user">
          <div className="msg-text">{item.text}</div>
        </div>
      ) : (
        <div
          className={`msg msg-${item.role}${item.final ? "" : " streaming"}${item.phase === "commentary" ? " msg-commentary" : ""}${item.refusal ? " msg-refusal" : ""}`}
          data-testid={`message-${item.role}`}
        >
          {item.refusal && <div className="msg-label" data-testid="message-refusal">Refused</div>}
          {item.phase === "commentary" && <div className="msg-label">Commentary</div>}
          <Markdown text={item.text} />
        </div>
      );
    case "reasoning":
      return (
        <details className="reasoning" data-testid="reasoning">
          <summary>Reasoning{item.final ? "" : "…"}</summary>
          <Markdown text={item.text} />
        </details>
      );
    case "tool":
      return <ToolCard item={item} onRespond={onRespond} />;
    case "plan":
      return (
        <div className="plan" data-testid="plan">
          <div className="plan-title">Plan</div>
          {item.explanation && <div className="plan-explanation">{item.explanation}</div>}
          <ul>
            {item.plan.map((step, i) => (
              <li key={i} className={`plan-${step.status}`}>
                <span className="plan-box" aria-hidden>
                  {step.status === "completed" ? "✓" : step.status === "in_progress" ? "›" : ""}
                </span>
                {step.step}
              </li>
            ))}
          </ul>
        </div>
      );
    case "notice":
      return (
        <div className={`notice notice-${item.level}`} data-testid="notice">
          {item.text}
        </div>
      );
    case "turn":
      return (
        <div className={`turn-end turn-${item.status}`} data-testid="turn-end">
          {item.status === "completed" ? "" : item.status === "canceled" ? "Turn canceled" : `Turn failed${item.error ? `: ${item.error}` : ""}`}
          {item.usage && <span className="turn-usage">{item.usage.totalTokens.toLocaleString()} tokens</span>}
        </div>
      );
  }
}

/** The session's timeline; follows new output unless the reader has scrolled up. */
export function Timeline({ events, version, onRespond }: { events: SessionEvent[]; version: number; onRespond: (callId: string, decision: ApprovalDecision) => void }) {
  const items = useMemo(() => buildTimeline(events), [events, version]);
  const scroller = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [items]);
  return (
    <div
      className="timeline"
      data-testid="timeline"
      ref={scroller}
      onScroll={(e) => {
        const el = e.currentTarget;
        stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
      }}
    >
      {items.length === 0 && <div className="empty">No messages yet. Ask the agent something below.</div>}
      {items.map((item) => (
        <Item key={item.key} item={item} onRespond={onRespond} />
      ))}
    </div>
  );
}
