import { lazy, Suspense, useState, useSyncExternalStore } from "react";
import type { TerminalClient } from "../../hub/terminal-client.js";

const TerminalView = lazy(() => import("./TerminalView.js"));

/** The session's terminals: tabs, a button for another one, and a close button each. */
export function TerminalTab({ client, sessionId }: { client: TerminalClient; sessionId: string }) {
  useSyncExternalStore(client.subscribe, () => client.list(sessionId).map((t) => `${t.id}:${t.exit ? 1 : 0}`).join(","));
  const terminals = client.list(sessionId);
  const [selected, setSelected] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [opening, setOpening] = useState(false);
  const current = terminals.find((t) => t.id === selected) ?? terminals.at(-1);
  const openOne = async () => {
    setOpening(true);
    try {
      setSelected(await client.open(sessionId, 80, 24));
      setError(null);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setOpening(false);
    }
  };
  return (
    <div className="ws-terminals" data-testid="workspace-terminal">
      <div className="ws-toolbar">
        {terminals.map((t, index) => (
          <span key={t.id} className={`ws-term-tab${t.id === current?.id ? " active" : ""}`}>
            <button className="link" data-testid="terminal-tab" onClick={() => setSelected(t.id)}>
              {`Terminal ${index + 1}`}
              {t.exit ? " (ended)" : ""}
            </button>
            <button className="link ws-term-close" data-testid="terminal-close" aria-label="close terminal" onClick={() => client.close(t.id)}>
              ×
            </button>
          </span>
        ))}
        <button className="btn btn-small" data-testid="terminal-new" disabled={opening} onClick={() => void openOne()}>
          + Terminal
        </button>
      </div>
      {error && <div className="ws-error">{error}</div>}
      {terminals.length === 0 && !error && <div className="muted small ws-empty">A shell on the session's worker, in its workdir.</div>}
      <Suspense fallback={<div className="muted small">loading the terminal…</div>}>
        {terminals.map((t) => (
          <TerminalView key={t.id} client={client} terminalId={t.id} visible={t.id === current?.id} />
        ))}
      </Suspense>
    </div>
  );
}
