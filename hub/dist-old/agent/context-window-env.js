import { contextWindowFor } from "@aiflare/core";
/**
 * The context window of each model: `AIFLARE_CONTEXT_WINDOW` when set, else the built-in
 * table. A bad value stops the hub at start instead of at a session's first turn.
 */
export function contextWindowsFromEnv(env) {
    const override = { AIFLARE_CONTEXT_WINDOW: env.AIFLARE_CONTEXT_WINDOW };
    contextWindowFor("", override);
    return (model) => contextWindowFor(model, override);
}
//# sourceMappingURL=context-window-env.js.map