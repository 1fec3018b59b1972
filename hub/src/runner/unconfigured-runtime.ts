import type { RuntimeFactory } from "./runtime.js";

/**
 * The runtime used when the hub is started without one: every turn fails with a clear
 * message instead of hanging. The hub's bin passes the real agent runtime.
 */
export const unconfiguredRuntimeFactory: RuntimeFactory = () => ({
  runTurn: () => Promise.reject(new Error("no agent runtime is configured on this hub")),
});
