import { defineConfig } from "vitest/config";
import { resolve } from "./vitest.shared.js";

export default defineConfig({
  resolve,
  test: {
    include: ["{protocol,aiflare,hub,worker,web}/{src,test}/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
  },
});
