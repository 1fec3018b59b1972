import { type ImageRef } from "@aiflare/protocol";
import { type DecodedImage } from "./image-check.js";
/** An image stored with a prompt: how the timeline names it, and its bytes for the model. */
export interface StoredImage {
    ref: ImageRef;
    /** base64, as sent (the model gets `data:<type>;base64,<data>`). */
    data: string;
}
/** A stored attachment found for serving: a file (data dir) or its bytes (shared backing). */
export type AttachmentFile = {
    mediaType: ImageRef["mediaType"];
    size: number;
} & ({
    path: string;
} | {
    bytes: Buffer;
});
/** Where attachments live when several hub nodes share them (cluster: PostgreSQL). */
export interface AttachmentBacking {
    /** Stores all of a prompt's images in one step, or none. */
    putAll(sessionId: string, images: readonly {
        name: string;
        bytes: Buffer;
    }[]): Promise<void>;
    get(sessionId: string, name: string): Promise<Buffer | undefined>;
    removeSession(sessionId: string): Promise<void>;
}
/**
 * Prompt images under `<data>/attachments/<sessionId>/<uuid>.<ext>`. A prompt's images are
 * stored all or none: each is written to a temp file, synced and renamed; if any fails, the
 * ones already stored are removed again, so nothing half-stored is ever named in a timeline.
 * A cluster keeps them in a shared backing instead (one transaction per prompt).
 */
export declare class AttachmentStore {
    private readonly options;
    private readonly root;
    constructor(options: {
        dataDir: string;
        backing?: AttachmentBacking;
    });
    /** The `url` a stored image is served at. */
    static urlOf(sessionId: string, name: string): string;
    save(sessionId: string, images: readonly DecodedImage[]): Promise<StoredImage[]>;
    /** The file of a stored attachment; NotFoundError for anything else. */
    find(sessionId: string, name: string): Promise<AttachmentFile>;
    /** Removes a session's attachments (when the session goes). */
    removeSession(sessionId: string): Promise<void>;
    private dirOf;
}
//# sourceMappingURL=attachment-store.d.ts.map