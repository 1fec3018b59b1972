/**
 * The context window of each model: `AIFLARE_CONTEXT_WINDOW` when set, else the built-in
 * table. A bad value stops the hub at start instead of at a session's first turn.
 */
export declare function contextWindowsFromEnv(env: NodeJS.ProcessEnv): (model: string) => number;
//# sourceMappingURL=context-window-env.d.ts.map