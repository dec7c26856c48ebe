import { defineConfig } from "vitest/config";

// Browser end-to-end tests: a real Chromium (Debian's) drives the built console, the provider's pages
// and the admin API of one server started by the global setup. Files run one at a time (one browser,
// one server); each file uses its own people of the seed so that files do not depend on each other.
export default defineConfig({
  test: {
    name: "e2e",
    environment: "node",
    include: ["tests/**/*.test.ts"],
    globalSetup: ["support/global-setup.ts"],
    fileParallelism: false,
    pool: "forks",
    testTimeout: 90_000,
    hookTimeout: 240_000,
  },
});
