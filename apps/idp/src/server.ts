// Composes the server: database (embedded or real), migrations, first-start seed, HTTP app.
import http from "node:http";
import Koa from "koa";
import type { Config } from "./config.js";
import { openDatabase, type Database } from "./db/database.js";
import { migrate } from "./db/migrate.js";
import { demoClientSecrets, seedIfEmpty, seedScope } from "./db/seed.js";
import { healthRoutes } from "./http/health.js";
import { requestLog } from "./http/request-log.js";
import { securityHeaders } from "./http/security-headers.js";
import { queryGuard } from "./http/query-guard.js";
import { errorPages } from "./web/erreur.js";
import { unavailable } from "./http/unavailable.js";
import { createLogger, type Logger } from "./lib/log.js";
import { createSecretBox, loadSecretKey, type SecretBox } from "./lib/secretbox.js";
import { issueOneTimeToken, passwordLink } from "./lib/tokens.js";
import { createOidc, type OidcRuntime } from "./oidc/index.js";
import { devMailMiddleware, startMailWorker } from "./mail/index.js";
import { passwordRoutes } from "./web/routes.js";
import { adminApi } from "./api/index.js";
import { consoleStatic } from "./http/console.js";

export interface AppContext {
  config: Config;
  db: Database;
  box: SecretBox;
  logger: Logger;
  /** SSO-core: the OIDC provider runtime (revokeUserSessions uses it). */
  oidc?: OidcRuntime;
}

export interface RunningServer extends AppContext {
  app: Koa;
  server: http.Server;
  url: string;
  close(): Promise<void>;
}

export interface StartOptions {
  /** An already opened database (tests); closed by the caller, not by close(). */
  db?: Database;
  logger?: Logger;
}

export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  const { key, source } = loadSecretKey(config);
  const box = createSecretBox(key);
  if (source === "file" && config.DATABASE_URL) {
    logger.warn("SECRET_KEY absent : clé lue dans DATA_DIR/secret.key. Plusieurs instances doivent partager la même SECRET_KEY.");
  }
  const db = options.db ?? (await openDatabase(config));
  const applied = await migrate(db.pool);
  if (applied.length) logger.info("migrations appliquées", { migrations: applied });

  const scope = seedScope(config);
  if (scope) {
    const seeded = await seedIfEmpty(db.prisma, {
      publicUrl: config.PUBLIC_URL,
      demoRpUrl: config.DEMO_RP_URL,
      box,
      scope,
      clientSecrets: scope === "demo" ? demoClientSecrets(config) : undefined,
    });
    if (seeded && config.LOG_LEVEL !== "silent") {
      const { token, expiresAt } = await issueOneTimeToken(db.prisma, seeded.cigAdminId, "FIRST_VISIT");
      const admin = await db.prisma.user.findUniqueOrThrow({ where: { id: seeded.cigAdminId } });
      // Printed once, to the operator's console: a link, never a password.
      process.stdout.write(
        `\nAnnuaire initialisé. Pour vous connecter en tant qu'administrateur CIG (${admin.email}),\n` +
          `définissez son mot de passe avec ce lien à usage unique, valable jusqu'au ${expiresAt.toLocaleString("fr-FR", { timeZone: "Europe/Paris" })} :\n\n` +
          `  ${passwordLink(config.PUBLIC_URL, token)}\n\n` +
          `Un nouveau lien : ${ADMIN_LINK_COMMAND}\n\n`,
      );
    }
  }

  const app = new Koa({ proxy: config.TRUST_PROXY });
  const context: AppContext = { config, db, box, logger };
  app.use(requestLog(logger));
  // Security headers of every response, then French error pages that keep them.
  app.use(securityHeaders(config.PUBLIC_URL));
  app.use(errorPages(logger, config.ORGANISATION_NAME));
  // A database outage: 503 with Retry-After, never the 500 page.
  app.use(unavailable(logger, config.ORGANISATION_NAME));
  app.use(queryGuard);
  const health = healthRoutes(db.sql);
  app.use(health.routes());
  app.use(health.allowedMethods());
  // --- area MAIL: password pages (première visite, mot de passe oublié, définir) and mail worker ---
  app.use(passwordRoutes(context));
  const devMails = devMailMiddleware(context);
  if (devMails) app.use(devMails);
  const mailWorker = startMailWorker(context);
  // --- area API: admin REST API under /api/v1 ---
  app.use(adminApi(context));
  // --- area CONSOLE: the built console under /aia/ ---
  app.use(consoleStatic());
  // --- area SSO-core: interaction pages, portal, then oidc-provider LAST (it answers everything else) ---
  const oidc = await createOidc(context);
  context.oidc = oidc;
  app.keys = oidc.cookieKeys; // must equal the provider's cookie keys, or interactions lose their session cookie
  app.use(oidc.middleware());

  const server = http.createServer(app.callback());
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.PORT, config.HOST, () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.PORT;
  const url = `http://${config.HOST.includes(":") ? `[${config.HOST}]` : config.HOST}:${port}`;
  logger.info("serveur démarré", { url, publicUrl: config.PUBLIC_URL, database: db.embedded ? "embarquée (PGlite)" : "PostgreSQL" });

  return {
    ...context,
    app,
    server,
    url,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await oidc.close();
      await mailWorker.stop();
      if (!options.db) await db.close();
    },
  };
}

export { DEMO_BIP_SECRET } from "./db/seed-data.js";

/** How to ask for a new link where this server runs: through the package scripts (pnpm start), or the image's plain node. */
const ADMIN_LINK_COMMAND = process.env.npm_lifecycle_event ? "npx -y pnpm@12.21.0 admin:link" : "node apps/idp/dist/cli-admin-link.js";
