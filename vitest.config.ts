import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const src = (pkg: string) => fileURLToPath(new URL(`./${pkg}/src/index.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against sources; `npm test` builds first so spawned bins find dist/.
    alias: {
      "@aiflare/protocol": src("protocol"),
      "@aiflare/core": src("aiflare"),
    },
  },
  test: {
    include: ["{protocol,aiflare,hub,worker}/{src,test}/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
  },
});
