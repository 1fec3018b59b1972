import { useEffect, useMemo, useState, useSyncExternalStore } from "react";
import { needsAttention, pageTitle } from "./hub/attention.js";
import { HubStore } from "./hub/hub-store.js";
import { useRouting } from "./hub/use-routing.js";
import { usePresence } from "./push/use-presence.js";
import { HubContext } from "./ui/checkpoints/hub-context.js";
import { forgetToken, saveToken, takeToken } from "./hub/token.js";
import { AttachmentContext } from "./ui/images/AuthImage.js";
import { Login } from "./ui/Login.js";
import { NotifySwitch } from "./ui/NotifySwitch.js";
import { NewSessionForm } from "./ui/NewSessionForm.js";
import { SessionPane } from "./ui/SessionPane.js";
import { Sidebar } from "./ui/Sidebar.js";
import { SessionWithWorkspace } from "./ui/workspace/SessionWithWorkspace.js";

declare global {
  interface Window {
    /** For people debugging (and the browser tests): the live store. */
    aiflare?: HubStore;
  }
}

export function App() {
  const [token, setToken] = useState<string | null>(() => takeToken());
  const [loginError, setLoginError] = useState<string | null>(null);
  const store = useMemo(() => (token ? new HubStore(token) : null), [token]);
  useEffect(() => {
    if (!store) return;
    window.aiflare = store;
    store.connect();
    return () => store.close();
  }, [store]);
  if (!store) {
    return (
      <Login
        error={loginError}
        onToken={(value) => {
          saveToken(value);
          setLoginError(null);
          setToken(value);
        }}
      />
    );
  }
  return (
    <HubContext.Provider value={store}>
      <Hub
        store={store}
        onUnauthorized={() => {
          forgetToken();
          setLoginError("The hub refused that token.");
          setToken(null);
        }}
      />
    </HubContext.Provider>
  );
}

function Hub({ store, onUnauthorized }: { store: HubStore; onUnauthorized: () => void }) {
  const state = useSyncExternalStore(store.subscribe, store.getState);
  const [creating, setCreating] = useState(false);
  useEffect(() => {
    if (state.connection === "unauthorized") onUnauthorized();
  }, [state.connection, onUnauthorized]);
  const sessions = Object.values(state.sessions).sort((a, b) => b.summary.createdAt.localeCompare(a.summary.createdAt));
  const active = state.activeId ? state.sessions[state.activeId] : undefined;
  useRouting(store, state.activeId);
  usePresence(state.activeId);
  const title = pageTitle(sessions);
  useEffect(() => {
    document.title = title;
  }, [title]);
  return (
    <AttachmentContext.Provider value={store.attachment}>
    <div className={`app${state.activeId ? " has-session" : ""}`}>
      <Sidebar
        connection={state.connection}
        workers={state.workers}
        sessions={sessions}
        activeId={state.activeId}
        onOpen={(id) => store.open(id)}
        onNew={() => setCreating(true)}
        footer={<NotifySwitch token={store.accessToken} />}
        token={store.accessToken}
        onChanged={(summary) => summary && store.updated(summary)}
      />
      <main className="main">
        {state.error && <div className="banner-error">{state.error}</div>}
        {active ? (
          <SessionWithWorkspace key={active.summary.id} store={store} view={active}>
          <SessionPane
            key={active.summary.id}
            view={active}
            othersWaiting={sessions.filter((v) => v !== active && needsAttention(v)).length}
            onBack={() => store.home()}
            onSend={(text, images) => store.send(active.summary.id, text, images)}
            onCancel={() => void store.cancel(active.summary.id)}
            onRespond={(callId, decision) => void store.respond(active.summary.id, callId, decision)}
            onCompact={() => store.compact(active.summary.id)}
          />
          </SessionWithWorkspace>
        ) : (
          <div className="welcome">
            <h1>Run coding agents on your own machines.</h1>
            <p className="muted">Pick a session on the left, or start a new one on one of your workers.</p>
            <button className="btn btn-primary" onClick={() => setCreating(true)}>
              + New session
            </button>
          </div>
        )}
      </main>
      {creating && <NewSessionForm workers={state.workers} onCreate={(body) => store.createSession(body)} onClose={() => setCreating(false)} />}
    </div>
    </AttachmentContext.Provider>
  );
}
