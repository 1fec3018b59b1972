import { createReadStream } from "node:fs";
import { AttachmentParams, MAX_IMAGE_BASE64_CHARS, MAX_IMAGES_PER_PROMPT } from "@aiflare/protocol";
import { NotFoundError, PayloadTooLargeError } from "../errors.js";
import { parseOrThrow } from "../validate.js";
/** The body limit of routes that take prompts: the configured one, grown to fit the largest images allowed. */
export function promptBodyLimit(bodyLimit) {
    return bodyLimit + MAX_IMAGES_PER_PROMPT * (MAX_IMAGE_BASE64_CHARS + 256);
}
/**
 * The grown limit is for images only: the rest of a prompt's body (its text) must still fit
 * the configured limit, else 413 as before. Images are checked one by one (10 MiB each).
 */
export function checkPromptBodySize(body, bodyLimit) {
    const rest = typeof body === "object" && body !== null && !Array.isArray(body) ? { ...body, images: undefined } : body;
    if (Buffer.byteLength(JSON.stringify(rest) ?? "") > bodyLimit)
        throw new PayloadTooLargeError("request body is over the size limit");
}
/** `GET /api/sessions/:id/attachments/:name`: a stored prompt image (token required, like all of /api). */
export function registerAttachmentRoutes(api, deps) {
    api.get("/sessions/:id/attachments/:name", async (request, reply) => {
        const { id, name } = parseOrThrow(AttachmentParams, request.params, "attachment");
        if (!deps.store.has(id))
            throw new NotFoundError(`session ${id} not found`);
        const file = await deps.attachments.find(id, name);
        void reply
            .type(file.mediaType)
            .header("content-length", String(file.size))
            .header("cache-control", "private, max-age=31536000, immutable")
            .header("x-content-type-options", "nosniff")
            .header("content-security-policy", "default-src 'none'");
        return reply.send("bytes" in file ? file.bytes : createReadStream(file.path));
    });
}
//# sourceMappingURL=attachment-routes.js.map