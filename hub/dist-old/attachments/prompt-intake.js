import { NotFoundError } from "../errors.js";
import { decodeImages } from "./image-check.js";
/**
 * Takes prompts from REST and sockets: checks the session and every image first (nothing is
 * stored for a refused prompt), stores the images (all or none), then queues the turn. A
 * session's prompts reach the queue in the order they arrived, even when one waits for its
 * images to be written.
 */
export class PromptIntake {
    deps;
    /** Per session: the last prompt still being stored. */
    tails = new Map();
    constructor(deps) {
        this.deps = deps;
    }
    accept(sessionId, text, images = []) {
        const { store, attachments, turns } = this.deps;
        if (!store.has(sessionId))
            throw new NotFoundError(`session ${sessionId} not found`);
        const decoded = decodeImages(images);
        const before = this.tails.get(sessionId);
        if (decoded.length === 0 && !before) {
            turns.submit(sessionId, text);
            return Promise.resolve();
        }
        const saving = attachments.save(sessionId, decoded);
        const done = (before ?? Promise.resolve()).then(async () => {
            const stored = await saving;
            if (!store.has(sessionId)) {
                await attachments.removeSession(sessionId); // deleted meanwhile: keep nothing of it
                throw new NotFoundError(`session ${sessionId} not found`);
            }
            turns.submit(sessionId, text, stored);
        });
        const tail = done.catch(() => undefined);
        this.tails.set(sessionId, tail);
        void tail.then(() => {
            if (this.tails.get(sessionId) === tail)
                this.tails.delete(sessionId);
        });
        return done;
    }
}
//# sourceMappingURL=prompt-intake.js.map