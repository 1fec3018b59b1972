import { defineConfig } from "vitest/config";
import { resolve } from "./vitest.shared.js";

// `npm run test:faults`: the fault suite (kills, disconnect storms, fuzzing). Slower than `npm test`.
export default defineConfig({
  resolve,
  test: {
    include: ["hub/faults/**/*.test.ts"],
    testTimeout: 240_000,
    hookTimeout: 60_000,
    pool: "forks",
    fileParallelism: false,
  },
});
