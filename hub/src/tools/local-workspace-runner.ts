import type { SessionSummary, WorkspaceDiffResponse, WorkspaceFileResponse, WorkspaceTreeResponse } from "@aiflare/protocol";
import { workspaceOps, WorkspaceError, type Checkpoints } from "@aiflare/worker";
import { hubErrorFromAck, type WorkspaceRunner } from "./workspace-runner.js";

/** Local mode: the same workspace operations as a worker's, run in the hub, confined to the built-in worker's roots. */
export class LocalWorkspaceRunner implements WorkspaceRunner {
  constructor(private readonly options: { roots: string[]; checkpoints?: Checkpoints }) {}

  diff(session: SessionSummary): Promise<WorkspaceDiffResponse> {
    return guard(workspaceOps.diff(session.workdir, this.options.roots, { id: session.id, checkpoints: this.options.checkpoints }));
  }

  tree(session: SessionSummary, path: string): Promise<WorkspaceTreeResponse> {
    return guard(workspaceOps.tree(session.workdir, this.options.roots, path));
  }

  file(session: SessionSummary, path: string): Promise<WorkspaceFileResponse> {
    return guard(workspaceOps.file(session.workdir, this.options.roots, path));
  }
}

async function guard<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof WorkspaceError) throw hubErrorFromAck({ ok: false, error: { code: error.code, message: error.message } });
    throw error;
  }
}
