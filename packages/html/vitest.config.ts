import { defineConfig } from "vitest/config";

export default defineConfig({
  test: { name: "html", environment: "node", include: ["src/**/*.test.ts"] },
});
