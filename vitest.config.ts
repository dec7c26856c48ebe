import { defineConfig } from "vitest/config";

// One run, every suite. JSON results go to .vitest-results/ so that .ci/run can print the totals.
const label = process.env.TEST_DATABASE_URL ? "postgresql" : "pglite";
export default defineConfig({
  test: {
    reporters: ["default", "json"],
    outputFile: { json: `.vitest-results/${process.env.VITEST_RESULTS_NAME ?? label}.json` },
    // Two workers: the machines have 2 vCPU, and each database test file holds its own database.
    maxWorkers: 2,
    passWithNoTests: true,
    projects: ["apps/*/vitest.config.ts", "packages/*/vitest.config.ts", "e2e/vitest.config.ts"],
  },
});
