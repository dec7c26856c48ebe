// Prisma 6.19 pinned on purpose: Prisma 7's CLI downloads a native engine at run time, which fails
// offline. With `engine: "js"` and a driver adapter, generate and `migrate diff` run from npm
// packages only. The server applies the committed SQL migrations itself (apps/idp/src/db/migrate.ts).
import { defineConfig } from "prisma/config";

// generate/diff read env("DATABASE_URL") from the schema; a placeholder suffices for them.
process.env.DATABASE_URL ??= "postgresql://postgres@127.0.0.1:5432/postgres";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  async adapter() {
    const { PrismaPg } = await import("@prisma/adapter-pg");
    const url = new URL(process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres");
    // Discrete fields, not connectionString (seen to work with the 6.19 CLI).
    return new PrismaPg({
      host: url.hostname,
      port: Number(url.port || 5432),
      user: decodeURIComponent(url.username || "postgres"),
      password: decodeURIComponent(url.password),
      database: url.pathname.slice(1) || "postgres",
      allowExitOnIdle: true,
    });
  },
});
