import type { FastifyInstance } from "fastify";
import type { AttachmentStore } from "../attachments/attachment-store.js";
import type { SessionStore } from "../store/session-store.js";
/** The body limit of routes that take prompts: the configured one, grown to fit the largest images allowed. */
export declare function promptBodyLimit(bodyLimit: number): number;
/**
 * The grown limit is for images only: the rest of a prompt's body (its text) must still fit
 * the configured limit, else 413 as before. Images are checked one by one (10 MiB each).
 */
export declare function checkPromptBodySize(body: unknown, bodyLimit: number): void;
/** `GET /api/sessions/:id/attachments/:name`: a stored prompt image (token required, like all of /api). */
export declare function registerAttachmentRoutes(api: FastifyInstance, deps: {
    store: SessionStore;
    attachments: AttachmentStore;
}): void;
//# sourceMappingURL=attachment-routes.d.ts.map