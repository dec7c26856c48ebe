import { defineConfig } from "vitest/config";

// `pnpm test:resilience`: the fault tests (apps/idp/test/resilience). Each file starts its own
// PostgreSQL cluster and real server processes, then restarts, stops and kills them; they run one
// file at a time so that the load they measure is theirs. Not part of `pnpm test` (CI runs it after
// test:db).
export default defineConfig({
  test: {
    name: "resilience",
    root: "apps/idp",
    include: ["test/resilience/**/*.test.ts"],
    environment: "node",
    pool: "forks",
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 240_000,
    reporters: ["default", "json"],
    outputFile: { json: "../../.vitest-results/resilience.json" },
  },
});
