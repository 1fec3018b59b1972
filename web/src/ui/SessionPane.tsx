import type { ApprovalDecision, ImageInput } from "@aiflare/protocol";
import { useMemo } from "react";
import { BUSY, type SessionView } from "../hub/hub-store.js";
import { pendingApprovals } from "../hub/pending-approvals.js";
import { ApprovalDock } from "./ApprovalDock.js";
import { Composer } from "./Composer.js";
import { ContextMeter } from "./ContextItems.js";
import { Timeline } from "./Timeline.js";
import { sessionName } from "./session-name.js";

const STATUS_LABEL: Record<string, string> = {
  waiting: "idle",
  running: "working",
  streaming: "answering",
  awaiting_approval: "waiting for approval",
  error: "last turn failed",
};

/**
 * One session: header (back to the list on narrow screens, model, folder, status, tokens),
 * timeline, composer. On a phone it fills the screen.
 */
export function SessionPane(props: {
  view: SessionView;
  /** How many other sessions need attention (shown on the back button). */
  othersWaiting?: number;
  onBack: () => void;
  onSend: (text: string, images: ImageInput[]) => Promise<void>;
  onCancel: () => void;
  onRespond: (callId: string, decision: ApprovalDecision) => void;
  /** Compacts the model's context (the Compact button, or `/compact` typed into the composer). */
  onCompact: () => Promise<void>;
}) {
  const s = props.view.summary;
  const busy = BUSY.has(s.status);
  const { events, version } = props.view;
  const pending = useMemo(() => pendingApprovals(events), [events, version]);
  return (
    <section className="session" data-testid="session-view" data-session-id={s.id}>
      <header className="session-head">
        <button className="btn btn-icon back-button" data-testid="back-to-list" aria-label="All sessions" onClick={props.onBack}>
          <span aria-hidden>‹</span>
          {props.othersWaiting ? <span className="back-badge">{props.othersWaiting}</span> : null}
        </button>
        <div className="session-heading">
          <h1>{sessionName(s)}</h1>
          <div className="session-meta">
            <span className="pill">{s.model}</span>
            <span className="mono session-workdir">{s.workdir}</span>
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
      <ApprovalDock pending={pending} onRespond={props.onRespond} />
      <Composer busy={busy} onSend={(text, images) => (text.trim() === "/compact" && images.length === 0 ? props.onCompact() : props.onSend(text, images))} onCancel={props.onCancel} />
    </section>
  );
}
