import { z } from "zod";
import { Id } from "./common.js";
import type { AckError } from "./errors.js";

/** Largest file the workspace viewer returns; longer ones come back cut and marked `truncated`. */
export const MAX_WORKSPACE_FILE_BYTES = 1024 * 1024;

/** A path relative to the session's workdir, as the browser sends it (`""` is the workdir itself). */
export const WorkspacePath = z.string().max(4096);
export type WorkspacePath = z.infer<typeof WorkspacePath>;

/** How a file differs from the last commit (or from the session's first checkpoint). */
export const WorkspaceChangeStatus = z.enum(["added", "modified", "deleted"]);
export type WorkspaceChangeStatus = z.infer<typeof WorkspaceChangeStatus>;

/** One changed file with its unified diff. */
export const WorkspaceDiffFile = z.object({ path: z.string(), status: WorkspaceChangeStatus, diff: z.string() });
export type WorkspaceDiffFile = z.infer<typeof WorkspaceDiffFile>;

/** `GET /api/sessions/:id/workspace/diff`; `notice` says why there is nothing to show (not a git repository). */
export const WorkspaceDiffResponse = z.object({ files: z.array(WorkspaceDiffFile), notice: z.string().optional() });
export type WorkspaceDiffResponse = z.infer<typeof WorkspaceDiffResponse>;

/** One entry of a folder listing; `size` is in bytes (0 for folders). */
export const WorkspaceEntry = z.object({
  name: z.string(),
  type: z.enum(["file", "dir"]),
  size: z.number().int().nonnegative(),
});
export type WorkspaceEntry = z.infer<typeof WorkspaceEntry>;

/** `GET /api/sessions/:id/workspace/tree?path=REL`. */
export const WorkspaceTreeResponse = z.object({ path: z.string(), entries: z.array(WorkspaceEntry) });
export type WorkspaceTreeResponse = z.infer<typeof WorkspaceTreeResponse>;

/**
 * `GET /api/sessions/:id/workspace/file?path=REL`: text up to 1 MiB. A longer file is cut
 * (`truncated`); a binary file has empty `content` and `binary: true`; `size` is the whole file's.
 */
export const WorkspaceFileResponse = z.object({
  path: z.string(),
  content: z.string(),
  truncated: z.boolean(),
  binary: z.boolean().optional(),
  size: z.number().int().nonnegative().optional(),
});
export type WorkspaceFileResponse = z.infer<typeof WorkspaceFileResponse>;

export const WorkspaceTreeQuery = z.object({ path: WorkspacePath.optional() });
export type WorkspaceTreeQuery = z.infer<typeof WorkspaceTreeQuery>;
export const WorkspaceFileQuery = z.object({ path: WorkspacePath.min(1) });
export type WorkspaceFileQuery = z.infer<typeof WorkspaceFileQuery>;

// ---- hub -> worker requests (answered by ack) ----

/** hub -> worker `workspace:diff`: every uncommitted change in the workdir. */
export const WorkspaceDiffRequest = z.object({ sessionId: Id, workdir: z.string().min(1) });
export type WorkspaceDiffRequest = z.infer<typeof WorkspaceDiffRequest>;
/** hub -> worker `workspace:tree` / `workspace:file`: a path inside the workdir. */
export const WorkspacePathRequest = z.object({ sessionId: Id, workdir: z.string().min(1), path: WorkspacePath });
export type WorkspacePathRequest = z.infer<typeof WorkspacePathRequest>;

export type WorkspaceDiffAck = ({ ok: true } & WorkspaceDiffResponse) | AckError;
export type WorkspaceTreeAck = ({ ok: true } & WorkspaceTreeResponse) | AckError;
export type WorkspaceFileAck = ({ ok: true } & WorkspaceFileResponse) | AckError;
