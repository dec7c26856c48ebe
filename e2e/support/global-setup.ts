// Once for the whole e2e project: the console built, one seeded server (its own database: PGlite in
// memory, or a fresh PostgreSQL database with TEST_DATABASE_URL), every seeded person given the
// same known password directly in the database. Starting a seeded server costs up to ~25 s on PGlite,
// so the files share it; each file works on its own people. BIP (démo), the demo relying party, runs
// beside it so that a test can follow an agent from the portal's BIP tile into the application.
import http from "node:http";
import type { TestProject } from "vitest/node";
import { freePort, startTestServer } from "../../apps/idp/test/support/server.js";
import { hashPassword } from "../../apps/idp/src/auth/password.js";
import { DEMO_BIP_SECRET } from "../../apps/idp/src/server.js";
import { createDemoRp, discover } from "../../apps/demo-rp/src/app.js";
import { buildConsoleIfStale } from "./console-build.js";
import { PASSWORD, TOTP_SECRET } from "./people.js";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    databaseUrl: string;
    demoRpUrl: string;
    /** TOTP_SECRET sealed with the server's key, for the référents a file inserts itself. */
    sealedTotpSecret: string;
  }
}

export default async function setup(project: TestProject) {
  const build = await buildConsoleIfStale();
  if (build === "built") console.log("[e2e] console construite (apps/console/dist)");
  const demoRpUrl = `http://127.0.0.1:${await freePort()}`;
  // The seed writes BIP's redirect URI and tile from DEMO_RP_URL.
  const server = await startTestServer({ DEMO_RP_URL: demoRpUrl });
  const demoRp = http.createServer();
  try {
    const passwordHash = await hashPassword(PASSWORD);
    await server.db.prisma.user.updateMany({ data: { passwordHash, passwordChangedAt: new Date() } });
    // Référents and CIG administrators must sign in with a second factor: a known TOTP application.
    const holders = await server.db.prisma.mandate.findMany({ distinct: ["userId"], select: { userId: true } });
    await server.db.prisma.authFactor.createMany({
      data: holders.map(({ userId }) => ({
        userId,
        kind: "TOTP" as const,
        name: "Application d'authentification",
        totpSecretEncrypted: server.box.seal(TOTP_SECRET),
        confirmedAt: new Date(),
      })),
    });
    const config = await discover(server.url, "bip", DEMO_BIP_SECRET, { retryMs: 200, timeoutMs: 30_000 });
    demoRp.on("request", createDemoRp({ config, clientId: "bip", baseUrl: demoRpUrl }).app.callback());
    await new Promise<void>((resolve, reject) => {
      demoRp.once("error", reject);
      demoRp.listen(Number(new URL(demoRpUrl).port), "127.0.0.1", resolve);
    });
  } catch (error) {
    await server.stop();
    throw error;
  }
  project.provide("baseUrl", server.url);
  project.provide("databaseUrl", server.db.url);
  project.provide("demoRpUrl", demoRpUrl);
  project.provide("sealedTotpSecret", server.box.seal(TOTP_SECRET));
  return async () => {
    demoRp.closeAllConnections();
    await new Promise<void>((resolve) => demoRp.close(() => resolve()));
    await server.stop();
  };
}
