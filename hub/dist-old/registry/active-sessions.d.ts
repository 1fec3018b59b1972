/** Called with the context and its new session id (null when cleared). */
export type ActiveSessionListener = (context: string, sessionId: string | null) => void;
/** Where contexts live when several hub nodes share them (cluster: PostgreSQL). */
export interface ActiveSessionBacking {
    readAll(): Promise<Record<string, string>>;
    /** Sets (null: clears) one context; resolves once it is durable. */
    write(context: string, sessionId: string | null): Promise<void>;
}
/**
 * Which session is active in which context (an editor window, a chat channel, ...).
 * Kept in `<dataDir>/active-sessions.json` (or a shared backing) so it survives restarts.
 */
export declare class ActiveSessionRegistry {
    private readonly options;
    private readonly map;
    private readonly listeners;
    private saving;
    constructor(options?: {
        dataDir?: string;
        backing?: ActiveSessionBacking;
    });
    load(): Promise<void>;
    /** Reads the shared backing again (another node changed it); listeners hear of each context that changed. */
    reload(): Promise<void>;
    get(context: string): string | null;
    /** Sets (or with null clears) a context's session; resolves once saved. */
    set(context: string, sessionId: string | null): Promise<void>;
    listContexts(): {
        context: string;
        sessionId: string;
    }[];
    subscribe(listener: ActiveSessionListener): () => void;
    private file;
    private save;
}
//# sourceMappingURL=active-sessions.d.ts.map