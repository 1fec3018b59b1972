import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const src = (pkg: string) => fileURLToPath(new URL(`./${pkg}/src/index.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against sources; `npm test` builds first so spawned bins find dist/.
    alias: [
      { find: "@aiflare/protocol", replacement: src("protocol") },
      { find: "@aiflare/core/testing", replacement: fileURLToPath(new URL("./aiflare/src/testing/index.ts", import.meta.url)) },
      { find: /^@aiflare\/core$/, replacement: src("aiflare") },
    ],
  },
  test: {
    include: ["{protocol,aiflare,hub,worker,web}/{src,test}/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
  },
});
