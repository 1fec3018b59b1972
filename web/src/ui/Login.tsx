import { useState } from "react";

/** Asks for the access token the hub printed at start. */
export function Login({ error, onToken }: { error: string | null; onToken: (token: string) => void }) {
  const [token, setToken] = useState("");
  return (
    <div className="login">
      <form
        className="modal"
        onSubmit={(e) => {
          e.preventDefault();
          if (token.trim()) onToken(token.trim());
        }}
      >
        <h2>
          <span className="logo">◆</span> aiflare hub
        </h2>
        <p className="muted">Paste the access token the hub printed when it started (or open the URL it printed).</p>
        <input data-testid="login-token" type="password" autoFocus value={token} placeholder="access token" onChange={(e) => setToken(e.target.value)} />
        {error && <div className="form-error">{error}</div>}
        <div className="modal-actions">
          <button className="btn btn-primary" data-testid="login-submit" type="submit" disabled={!token.trim()}>
            Connect
          </button>
        </div>
      </form>
    </div>
  );
}
