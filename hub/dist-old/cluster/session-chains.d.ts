/** Runs tasks one after another per key (a session's routing, catching up and takeover never interleave). */
export declare class SessionChains {
    private readonly onError;
    private readonly chains;
    constructor(onError: (error: unknown, key: string) => void);
    run(key: string, task: () => Promise<void> | void): Promise<void>;
    /** Resolves when every task queued so far has run. */
    idle(): Promise<void>;
}
//# sourceMappingURL=session-chains.d.ts.map