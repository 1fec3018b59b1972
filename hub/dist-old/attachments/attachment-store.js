import { randomUUID } from "node:crypto";
import { mkdir, open, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { AttachmentName } from "@aiflare/protocol";
import { NotFoundError } from "../errors.js";
import { EXTENSION, MEDIA_TYPE_OF } from "./image-check.js";
/**
 * Prompt images under `<data>/attachments/<sessionId>/<uuid>.<ext>`. A prompt's images are
 * stored all or none: each is written to a temp file, synced and renamed; if any fails, the
 * ones already stored are removed again, so nothing half-stored is ever named in a timeline.
 * A cluster keeps them in a shared backing instead (one transaction per prompt).
 */
export class AttachmentStore {
    options;
    root;
    constructor(options) {
        this.options = options;
        this.root = join(options.dataDir, "attachments");
    }
    /** The `url` a stored image is served at. */
    static urlOf(sessionId, name) {
        return `/api/sessions/${encodeURIComponent(sessionId)}/attachments/${name}`;
    }
    async save(sessionId, images) {
        if (images.length === 0)
            return [];
        const backing = this.options.backing;
        if (backing) {
            const named = images.map((image) => ({ image, name: `${randomUUID()}.${EXTENSION[image.mediaType]}` }));
            await backing.putAll(sessionId, named.map(({ image, name }) => ({ name, bytes: Buffer.from(image.bytes) })));
            return named.map(({ image, name }) => ({ ref: { url: AttachmentStore.urlOf(sessionId, name), mediaType: image.mediaType }, data: image.data }));
        }
        const dir = this.dirOf(sessionId);
        await mkdir(dir, { recursive: true, mode: 0o700 });
        const written = [];
        try {
            const stored = [];
            for (const image of images) {
                const name = `${randomUUID()}.${EXTENSION[image.mediaType]}`;
                const path = join(dir, name);
                const tmp = `${path}.tmp`;
                written.push(tmp, path);
                const handle = await open(tmp, "wx", 0o600);
                try {
                    await handle.writeFile(image.bytes);
                    await handle.sync();
                }
                finally {
                    await handle.close();
                }
                await rename(tmp, path);
                stored.push({ ref: { url: AttachmentStore.urlOf(sessionId, name), mediaType: image.mediaType }, data: image.data });
            }
            return stored;
        }
        catch (error) {
            await Promise.all(written.map((path) => rm(path, { force: true })));
            throw error;
        }
    }
    /** The file of a stored attachment; NotFoundError for anything else. */
    async find(sessionId, name) {
        const parsed = AttachmentName.safeParse(name);
        const mediaType = parsed.success ? MEDIA_TYPE_OF[name.slice(name.lastIndexOf(".") + 1)] : undefined;
        if (!mediaType)
            throw new NotFoundError(`no attachment ${name}`);
        if (this.options.backing) {
            const bytes = await this.options.backing.get(sessionId, name);
            if (!bytes)
                throw new NotFoundError(`no attachment ${name}`);
            return { bytes, mediaType, size: bytes.length };
        }
        const path = join(this.dirOf(sessionId), name);
        try {
            const info = await stat(path);
            if (!info.isFile())
                throw new NotFoundError(`no attachment ${name}`);
            return { path, mediaType, size: info.size };
        }
        catch (error) {
            if (error.code === "ENOENT")
                throw new NotFoundError(`no attachment ${name}`);
            throw error;
        }
    }
    /** Removes a session's attachments (when the session goes). */
    async removeSession(sessionId) {
        if (this.options.backing)
            return this.options.backing.removeSession(sessionId);
        await rm(this.dirOf(sessionId), { recursive: true, force: true });
    }
    dirOf(sessionId) {
        // Session ids are hub-made uuids; encoding keeps any other id inside the attachments folder.
        return join(this.root, encodeURIComponent(sessionId).replace(/^\.+/, "_"));
    }
}
//# sourceMappingURL=attachment-store.js.map