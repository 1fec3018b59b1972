import { fileURLToPath } from "node:url";
import type { UserConfig } from "vitest/config";

const at = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** Tests run against sources; `npm test` builds first so spawned bins find dist/. */
export const resolve: UserConfig["resolve"] = {
  alias: [
    { find: "@aiflare/protocol", replacement: at("./protocol/src/index.ts") },
    { find: "@aiflare/core/testing", replacement: at("./aiflare/src/testing/index.ts") },
    { find: /^@aiflare\/core$/, replacement: at("./aiflare/src/index.ts") },
  ],
};
