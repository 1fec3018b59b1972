/** Runs tasks one after another per key (a session's routing, catching up and takeover never interleave). */
export class SessionChains {
    onError;
    chains = new Map();
    constructor(onError) {
        this.onError = onError;
    }
    run(key, task) {
        const previous = this.chains.get(key) ?? Promise.resolve();
        const next = previous.then(task).catch((error) => this.onError(error, key));
        this.chains.set(key, next);
        void next.then(() => {
            if (this.chains.get(key) === next)
                this.chains.delete(key);
        });
        return next;
    }
    /** Resolves when every task queued so far has run. */
    async idle() {
        while (this.chains.size > 0)
            await Promise.all(this.chains.values());
    }
}
//# sourceMappingURL=session-chains.js.map