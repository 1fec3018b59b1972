import { useEffect, useState } from "react";
import { currentSubscription, disablePush, enablePush, pushSupported } from "../push/push-client.js";

/** The per-browser "Notify me" switch: push notifications for approvals and finished turns. */
export function NotifySwitch({ token }: { token: string }) {
  const supported = pushSupported();
  const [on, setOn] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (supported) void currentSubscription().then((sub) => setOn(sub !== null), () => setOn(false));
  }, [supported]);
  const toggle = () => {
    setBusy(true);
    setError(null);
    const next = !on;
    (next ? enablePush(token) : disablePush(token))
      .then(() => setOn(next))
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
      .finally(() => setBusy(false));
  };
  return (
    <div className="notify">
      <label className="switch" title={supported ? "Notifications when a session needs you or a turn ends" : "Needs HTTPS (or localhost)"}>
        <input type="checkbox" role="switch" data-testid="notify-toggle" checked={on} disabled={!supported || busy} onChange={toggle} />
        <span className="switch-track" aria-hidden />
        Notify me
      </label>
      {!supported && <div className="notify-note">Needs HTTPS (or localhost).</div>}
      {error && (
        <div className="notify-note notify-error" data-testid="notify-error">
          {error}
        </div>
      )}
    </div>
  );
}
