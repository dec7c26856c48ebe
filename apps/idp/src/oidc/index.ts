// The SSO part of the server: signing and cookie keys from the database, the provider, the
// interaction pages and the portal, composed into one Koa middleware mounted last.
// Keys are checked every KEY_CHECK_MS: after `pnpm keys:rotate`, each instance rebuilds its provider
// with the new CURRENT key (the previous one stays published and accepted).
import mount from "koa-mount";
import type Koa from "koa";
import type Provider from "oidc-provider";
import type { AppContext } from "../server.js";
import { createBackchannelSender, type BackchannelSender } from "./backchannel.js";
import { ensureCookieKeys, ensureSigningKeys, loadSigningKeys } from "./keys.js";
import { createProvider } from "./provider.js";
import { endUnit } from "./adapter.js";
import { deleteExpiredPayloads } from "../db/queries/oidc-payloads.js";
import { inUnitOfWork } from "./unit-of-work.js";
import { interactionRoutes } from "../interactions/routes.js";
import { portalRoutes } from "../web/portail.js";
import { passkeyAsset } from "../mfa/assets.js";
import { securityRoutes } from "../web/securite.js";

export const KEY_CHECK_MS = 60_000;
const CLEANUP_MS = 10 * 60_000;

export interface OidcRuntime {
  readonly provider: Provider;
  readonly cookieKeys: string[];
  readonly backchannel: BackchannelSender;
  /** Interaction pages, portal, then the provider. */
  middleware(): Koa.Middleware;
  /** Re-reads the signing keys; rebuilds the provider when they changed. */
  reloadKeys(): Promise<boolean>;
  /** Stops the timers and waits for the back-channel deliveries in progress. */
  close(): Promise<void>;
}

export async function createOidc(app: AppContext, options: { keyCheckMs?: number } = {}): Promise<OidcRuntime> {
  const { prisma } = app.db;
  const cookieKeys = await ensureCookieKeys(prisma, app.box);
  let keys = await ensureSigningKeys(prisma, app.box);
  const backchannel = createBackchannelSender(app.db.sql, app.logger);
  const build = () =>
    createProvider({
      config: app.config,
      prisma,
      sql: app.db.sql,
      box: app.box,
      logger: app.logger,
      signingKeys: keys.privateJwks,
      cookieKeys,
      backchannel,
    });

  let provider = build();
  let mounted = mount(provider as unknown as Koa);
  const current = () => provider;

  const reloadKeys = async () => {
    const next = await loadSigningKeys(prisma, app.box);
    if (!next.kids.length || next.kids.join() === keys.kids.join()) return false;
    keys = next;
    provider = build();
    mounted = mount(provider as unknown as Koa);
    app.logger.info("clés de signature rechargées", { kids: keys.kids });
    return true;
  };

  const timers = [
    setInterval(
      () => reloadKeys().catch((e) => app.logger.warn("relecture des clés impossible", { error: (e as Error).message })),
      options.keyCheckMs ?? KEY_CHECK_MS,
    ),
    setInterval(() => deleteExpiredPayloads(app.db.sql).catch(() => {}), CLEANUP_MS),
  ];
  for (const t of timers) t.unref();

  backchannel.start(current);
  const interactions = interactionRoutes(app, current);
  const portal = portalRoutes(app, current);
  const security = securityRoutes(app, current);

  return {
    get provider() {
      return provider;
    },
    cookieKeys,
    backchannel,
    middleware() {
      const i = interactions.routes() as unknown as Koa.Middleware;
      const portalRouter = portal.routes() as unknown as Koa.Middleware;
      const securityRouter = security.routes() as unknown as Koa.Middleware;
      const p: Koa.Middleware = (ctx, next) => securityRouter(ctx, () => portalRouter(ctx, next));
      const sql = app.db.sql;
      const asset = passkeyAsset();
      // One unit of work per request (unit-of-work.ts): its OidcPayload writes leave in one
      // statement before the response does.
      return (ctx, next) =>
        asset(ctx, () =>
          inUnitOfWork(
            () => i(ctx, () => p(ctx, () => mounted(ctx, next))),
            (unit) => endUnit(sql, unit),
          ),
        );
    },
    reloadKeys,
    async close() {
      for (const t of timers) clearInterval(t);
      await backchannel.close();
    },
  };
}
