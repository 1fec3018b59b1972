/** The two secrets: one for browsers and REST, one for workers. */
export interface HubTokens {
    browserToken: string;
    workerToken: string;
    /** Which ones came from the data dir (generated now or earlier) rather than the environment; those are printed at start. */
    fromDataDir: {
        browser: boolean;
        worker: boolean;
    };
}
export declare function generateToken(): string;
/** Where a cluster keeps its generated tokens: the first node's proposal wins; every node gets the kept pair. */
export type SharedTokens = (proposed: {
    browserToken: string;
    workerToken: string;
}) => Promise<unknown>;
/**
 * Tokens from `AIFLARE_TOKEN` / `AIFLARE_WORKER_TOKEN`, or else generated once into
 * `<dataDir>/tokens.json` (mode 0600) and reused on every later start. A cluster passes
 * `shared` instead of the file (PostgreSQL), so every node admits the same tokens.
 */
export declare function resolveTokens(dataDir: string, env?: NodeJS.ProcessEnv, shared?: SharedTokens): Promise<HubTokens>;
/** Constant-time comparison (hashing first makes the lengths equal). */
export declare function tokensEqual(given: unknown, expected: string): boolean;
/** The token from an `Authorization: Bearer <token>` header. */
export declare function bearerToken(header: string | undefined): string | undefined;
//# sourceMappingURL=tokens.d.ts.map