import type { ApprovalDecision } from "@aiflare/protocol";
import { BUSY, type SessionView } from "../hub/hub-store.js";
import { Composer } from "./Composer.js";
import { ContextMeter } from "./ContextItems.js";
import { Timeline } from "./Timeline.js";

const STATUS_LABEL: Record<string, string> = {
  waiting: "idle",
  running: "working",
  streaming: "answering",
  awaiting_approval: "waiting for approval",
  error: "last turn failed",
};

/** One session: header (model, folder, status, tokens), timeline, composer. */
export function SessionPane(props: {
  view: SessionView;
  onSend: (text: string) => Promise<void>;
  onCancel: () => void;
  onRespond: (callId: string, decision: ApprovalDecision) => void;
  /** Compacts the model's context (the Compact button, or `/compact` typed into the composer). */
  onCompact: () => Promise<void>;
}) {
  const s = props.view.summary;
  const busy = BUSY.has(s.status);
  return (
    <section className="session" data-testid="session-view" data-session-id={s.id}>
      <header className="session-head">
        <div>
          <h1>{s.title || s.workdir}</h1>
          <div className="session-meta">
            <span className="pill">{s.model}</span>
            <span className="mono">{s.workdir}</span>
            <span className="pill">{s.approvalPolicy}</span>
          </div>
        </div>
        <div className="session-side">
          <span className={`session-status status-text-${s.status}`} data-testid="session-status" data-status={s.status}>
            {busy && <span className="spinner" />}
            {STATUS_LABEL[s.status] ?? s.status}
          </span>
          <span className="usage" data-testid="usage">
            {(s.usage?.totalTokens ?? 0).toLocaleString()} tokens
          </span>
          <ContextMeter context={s.context} onCompact={() => void props.onCompact().catch(() => undefined)} />
        </div>
      </header>
      <Timeline events={props.view.events} version={props.view.version} onRespond={props.onRespond} />
      <Composer busy={busy} onSend={(text) => (text.trim() === "/compact" ? props.onCompact() : props.onSend(text))} onCancel={props.onCancel} />
    </section>
  );
}
