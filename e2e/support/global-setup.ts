// Once for the whole e2e project: the console built, one seeded server (its own database: PGlite in
// memory, or a fresh PostgreSQL database with TEST_DATABASE_URL), every seeded person given the
// same known password directly in the database. Starting a seeded server costs up to ~25 s on PGlite,
// so the files share it; each file works on its own people.
import type { TestProject } from "vitest/node";
import { startTestServer } from "../../apps/idp/test/support/server.js";
import { hashPassword } from "../../apps/idp/src/auth/password.js";
import { buildConsoleIfStale } from "./console-build.js";
import { PASSWORD, TOTP_SECRET } from "./people.js";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    databaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const build = await buildConsoleIfStale();
  if (build === "built") console.log("[e2e] console construite (apps/console/dist)");
  const server = await startTestServer();
  try {
    const passwordHash = await hashPassword(PASSWORD);
    await server.db.prisma.user.updateMany({ data: { passwordHash, passwordChangedAt: new Date() } });
    // Référents and CIG administrators must sign in with a second factor: a known TOTP application.
    const holders = await server.db.prisma.mandate.findMany({ distinct: ["userId"], select: { userId: true } });
    await server.db.prisma.authFactor.createMany({
      data: holders.map(({ userId }) => ({ userId, kind: "TOTP" as const, name: "Application d'authentification", totpSecretEncrypted: server.box.seal(TOTP_SECRET), confirmedAt: new Date() })),
    });
  } catch (error) {
    await server.stop();
    throw error;
  }
  project.provide("baseUrl", server.url);
  project.provide("databaseUrl", server.db.url);
  return async () => {
    await server.stop();
  };
}
