import { defineConfig } from "vitest/config";
import { resolve } from "./vitest.shared.js";

// `npm run test:cluster`: several real hub processes on PostgreSQL and Redis (kills, pauses,
// cross-node tool calls), plus the PostgreSQL parts of the unit suite. Skips with a printed
// reason where the services are unreachable.
export default defineConfig({
  resolve,
  test: {
    include: ["hub/cluster/**/*.test.ts", "hub/test/{store-contract,pg-database,pg-leases,pg-group-commit,pg-conversations,cluster-nodes,cluster-tools,cluster-state,cluster-state-processes}.test.ts"],
    testTimeout: 300_000,
    hookTimeout: 60_000,
    pool: "forks",
    fileParallelism: false,
  },
});
