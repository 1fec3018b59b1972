import { useState } from "react";

/** The prompt box: Enter sends, Shift+Enter adds a line; Cancel while a turn runs. */
export function Composer({ busy, onSend, onCancel }: { busy: boolean; onSend: (text: string) => Promise<void>; onCancel: () => void }) {
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const submit = () => {
    const value = text.trim();
    if (!value) return;
    setText("");
    setError(null);
    onSend(value).catch((e: unknown) => {
      setText(value);
      setError(e instanceof Error ? e.message : String(e));
    });
  };
  return (
    <div className="composer">
      {error && <div className="composer-error">{error}</div>}
      <textarea
        data-testid="composer-input"
        value={text}
        rows={3}
        placeholder={busy ? "The agent is working — your message will wait its turn" : "Ask the agent… (Enter sends, Shift+Enter for a new line)"}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            submit();
          }
        }}
      />
      <div className="composer-actions">
        {busy && (
          <button className="btn btn-danger" data-testid="cancel" onClick={onCancel}>
            Cancel
          </button>
        )}
        <button className="btn btn-primary" data-testid="send" disabled={!text.trim()} onClick={submit}>
          Send
        </button>
      </div>
    </div>
  );
}
