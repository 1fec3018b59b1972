import type { ApprovalPolicy, CreateSessionBody, WorkerSummary } from "@aiflare/protocol";
import { useState } from "react";

/** Create a session: an online worker, a workdir inside its roots, model, approval policy. */
export function NewSessionForm({ workers, onCreate, onClose }: { workers: WorkerSummary[]; onCreate: (body: CreateSessionBody) => Promise<unknown>; onClose: () => void }) {
  const online = workers.filter((w) => w.status === "online");
  const [workerId, setWorkerId] = useState(online[0]?.id ?? "");
  const worker = online.find((w) => w.id === workerId);
  const [workdir, setWorkdir] = useState(worker?.roots[0] ?? "");
  const [title, setTitle] = useState("");
  const [model, setModel] = useState("");
  const [policy, setPolicy] = useState<ApprovalPolicy>("full-auto");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await onCreate({ workerId, workdir, approvalPolicy: policy, ...(title.trim() ? { title: title.trim() } : {}), ...(model.trim() ? { model: model.trim() } : {}) });
      onClose();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="modal-backdrop" onClick={onClose}>
      <form
        className="modal"
        data-testid="new-session-form"
        onClick={(e) => e.stopPropagation()}
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <h2>New session</h2>
        {online.length === 0 ? (
          <p className="muted">No worker is online. Start one: npx aiflare-worker --hub URL --token WORKER_TOKEN --root DIR</p>
        ) : (
          <>
            <label>
              Worker
              <select
                data-testid="session-worker"
                value={workerId}
                onChange={(e) => {
                  setWorkerId(e.target.value);
                  setWorkdir(online.find((w) => w.id === e.target.value)?.roots[0] ?? "");
                }}
              >
                {online.map((w) => (
                  <option key={w.id} value={w.id}>
                    {w.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Working directory
              <input data-testid="session-workdir" value={workdir} onChange={(e) => setWorkdir(e.target.value)} list="roots" />
              <datalist id="roots">{worker?.roots.map((root) => <option key={root} value={root} />)}</datalist>
              <span className="hint">inside {worker?.roots.join(", ")}</span>
            </label>
            <label>
              Title
              <input data-testid="session-title" value={title} placeholder="optional" onChange={(e) => setTitle(e.target.value)} />
            </label>
            <label>
              Model
              <input data-testid="session-model" value={model} placeholder="the hub's default" onChange={(e) => setModel(e.target.value)} />
            </label>
            <label>
              Approvals
              <select data-testid="session-policy" value={policy} onChange={(e) => setPolicy(e.target.value as ApprovalPolicy)}>
                <option value="full-auto">full-auto — tools run at once</option>
                <option value="auto-edit">auto-edit — ask before shell commands</option>
                <option value="suggest">suggest — ask before every command and edit</option>
              </select>
            </label>
          </>
        )}
        {error && (
          <div className="form-error" data-testid="session-error">
            {error}
          </div>
        )}
        <div className="modal-actions">
          <button type="button" className="btn" onClick={onClose}>
            Close
          </button>
          <button type="submit" className="btn btn-primary" data-testid="session-create" disabled={busy || !workerId || !workdir}>
            Create
          </button>
        </div>
      </form>
    </div>
  );
}
