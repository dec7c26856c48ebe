import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "idp",
    environment: "node",
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // The fault tests have their own command (pnpm test:resilience, vitest.resilience.config.ts).
    exclude: ["test/resilience/**", "**/node_modules/**"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Each file opens its own database (PGlite in memory, or a fresh PostgreSQL database).
    pool: "forks",
    // Drops oidc-provider's « Unsupported runtime » line on Node 20 (supported: see the module).
    setupFiles: ["src/lib/runtime-notice.ts"],
  },
});
