import { z } from "zod";
import { Id } from "./common.js";

/** `PATCH /api/sessions/:id`: rename and archive / unarchive. */
export const UpdateSessionBody = z.strictObject({
  title: z.string().max(500).optional(),
  archived: z.boolean().optional(),
});
export type UpdateSessionBody = z.infer<typeof UpdateSessionBody>;

/** `GET /api/sessions?q=TEXT&archived=true|false`: `q` matches titles and message text, case-insensitively. */
export const ListSessionsQuery = z.object({
  q: z.string().max(500).optional(),
  archived: z.enum(["true", "false"]).optional(),
});
export type ListSessionsQuery = z.infer<typeof ListSessionsQuery>;

/** `GET /api/sessions/:id/export?format=markdown|jsonl` (Markdown when absent). */
export const ExportFormat = z.enum(["markdown", "jsonl"]);
export type ExportFormat = z.infer<typeof ExportFormat>;
export const ExportQuery = z.object({ format: ExportFormat.optional() });
export type ExportQuery = z.infer<typeof ExportQuery>;

/** hub -> browser `session:deleted`: the session and its data are gone. */
export const SessionDeletedPayload = z.object({ sessionId: Id });
export type SessionDeletedPayload = z.infer<typeof SessionDeletedPayload>;
