// /interaction/:uid — what oidc-provider sends the browser to when it needs the person: the login
// form, or the refusal page when the signed-in agent holds no role on the requesting application.
import Router from "@koa/router";
import { bodyParser } from "@koa/bodyparser";
import { errors, type default as Provider } from "oidc-provider";
import type { AppContext } from "../server.js";
import { checkLogin } from "./login.js";
import { notAuthorisedPage } from "../web/acces-refuse.js";
import { loginPage } from "../web/connexion.js";
import { messagePage } from "../web/message.js";
import { referentsFor } from "./referents.js";
import { secondFactorFlow } from "./second-factor.js";

export function interactionRoutes(app: AppContext, current: () => Provider): Router {
  const { prisma } = app.db;
  const sql = app.db.sql;
  const organisation = app.config.ORGANISATION_NAME;
  const portalUrl = `${app.config.PORTAL_URL}/`;
  const router = new Router();
  const mfa = secondFactorFlow(app, current);

  const applicationName = async (provider: Provider, clientId: unknown) =>
    typeof clientId === "string" ? ((await provider.Client.find(clientId))?.clientName as string | undefined) : undefined;

  // An interaction that expired or belongs to another browser: say so in French.
  router.use(async (ctx, next) => {
    try {
      await next();
    } catch (e) {
      if (e instanceof errors.SessionNotFound || e instanceof errors.InvalidRequest) {
        ctx.status = 400;
        ctx.type = "html";
        ctx.body = messagePage({
          title: "Session expirée",
          kind: "error",
          message: "Cette page de connexion a expiré. Reprenez depuis le portail ou depuis l'application.",
          link: { href: portalUrl, label: "Retour au portail" },
          organisation,
        });
        return;
      }
      throw e;
    }
  });

  router.get("/interaction/:uid", async (ctx) => {
    const provider = current();
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    const { prompt, params, session, uid } = details;
    ctx.set("cache-control", "no-store");
    ctx.type = "html";

    if (prompt.name === "login" && prompt.reasons.includes("no_role") && session?.accountId) {
      const user = await prisma.user.findUnique({ where: { id: session.accountId }, select: { firstName: true, lastName: true } });
      ctx.status = 403;
      ctx.body = notAuthorisedPage({
        applicationName: (await applicationName(provider, params.client_id)) ?? String(params.client_id),
        referents: await referentsFor(prisma, session.accountId, String(params.client_id)),
        user: { name: user ? `${user.firstName} ${user.lastName}` : "" },
        portalUrl,
        organisation,
      });
      return;
    }

    if (prompt.name === "login") {
      ctx.body = loginPage({
        action: `/interaction/${uid}/login`,
        email: typeof params.login_hint === "string" ? params.login_hint : undefined,
        applicationName: params.client_id === undefined ? undefined : await applicationName(provider, params.client_id),
        organisation,
      });
      return;
    }

    // Consent is implied for the centre's applications (see oidc/grant.ts); should the provider still
    // ask (a scope added since the grant), grant what is asked and carry on.
    const grant = details.grantId
      ? (await provider.Grant.find(details.grantId))!
      : new provider.Grant({ accountId: session!.accountId, clientId: String(params.client_id) });
    const missing = prompt.details as {
      missingOIDCScope?: string[];
      missingOIDCClaims?: string[];
      missingResourceScopes?: Record<string, string[]>;
    };
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(" "));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {}))
      grant.addResourceScope(indicator, scopes.join(" "));
    const grantId = await grant.save();
    const to = await provider.interactionResult(ctx.req, ctx.res, { consent: { grantId } }, { mergeWithLastSubmission: true });
    ctx.status = 303;
    ctx.redirect(to);
  });

  router.post("/interaction/:uid/login", bodyParser({ enableTypes: ["form"] }), async (ctx) => {
    const provider = current();
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    ctx.set("cache-control", "no-store");
    if (details.prompt.name !== "login") {
      ctx.status = 303;
      ctx.redirect(`/interaction/${details.uid}`);
      return;
    }
    const body = (ctx.request.body ?? {}) as Record<string, unknown>;
    const email = typeof body.email === "string" ? body.email : "";
    const password = typeof body.password === "string" ? body.password : "";
    const outcome = await checkLogin(sql, { email, password, ip: ctx.ip });
    if (!outcome.ok) {
      ctx.status = outcome.status;
      ctx.type = "html";
      ctx.body = loginPage({
        action: `/interaction/${details.uid}/login`,
        email: email.trim(),
        error: outcome.message,
        applicationName: await applicationName(provider, details.params.client_id),
        organisation,
      });
      return;
    }
    await mfa.afterPassword(ctx, provider, details.uid, outcome.userId);
  });

  mfa.register(router);
  return router;
}
