// « Portail » (`/`, https://auth.cig929394.fr in the guide): signed in, the tiles of the applications
// the agent may use (« Applications »), his name and « Déconnexion »; signed out, an invitation to
// sign in with « Première visite ? » and « Mot de passe oublié ? ». Signing in from the portal
// (/connexion) goes through the provider like any application, with the portal's own client
// (response_type=none: a session, no token).
import crypto from "node:crypto";
import { html } from "@convergences/html";
import Router from "@koa/router";
import type Provider from "oidc-provider";
import type { PrismaClient } from "../generated/prisma/client.js";
import type { AppContext } from "../server.js";
import { isDatabaseUnavailable } from "../db/unavailable.js";
import { accountState } from "../auth/account-state.js";
import { PORTAL_CLIENT_ID } from "../oidc/clients.js";
import { isMultiFactor } from "../mfa/amr.js";
import { page } from "./layout.js";
import { messagePage } from "./message.js";

export function portalRoutes(app: AppContext, current: () => Provider): Router {
  const { prisma } = app.db;
  const organisation = app.config.ORGANISATION_NAME;
  const router = new Router();

  router.get("/", async (ctx) => {
    const session = await current().Session.get(ctx as any);
    const user = session.accountId
      ? await prisma.user
          .findUnique({
            where: { id: session.accountId },
            select: {
              id: true,
              firstName: true,
              lastName: true,
              locked: true,
              validFrom: true,
              validUntil: true,
              mandates: { select: { id: true }, take: 1 },
            },
          })
          .catch((e) => {
            if (isDatabaseUnavailable(e)) throw e; // 503, not the signed-out page
            return null;
          })
      : null;
    ctx.set("cache-control", "no-store");
    ctx.type = "html";

    if (!user || accountState(user) !== "active") {
      ctx.body = page({
        title: "Portail",
        organisation,
        body: html`<div class="card">
<h1>Bienvenue sur Convergences</h1>
<p>Convergences vous donne accès, avec un seul identifiant, aux applications en ligne du ${organisation}.</p>
<p>Connectez-vous avec votre adresse e-mail professionnelle et votre mot de passe.</p>
<a class="button" href="/connexion">Se connecter</a>
<div class="links">
  <a href="/premiere-visite">Première visite ?</a>
  <a href="/mot-de-passe-oublie">Mot de passe oublié ?</a>
</div>
</div>`,
      });
      return;
    }

    // A référent or CIG administrator whose session lacks a second factor reaches nothing before it.
    if (user.mandates.length && !isMultiFactor(session.amr)) {
      ctx.redirect("/connexion");
      return;
    }
    const name = `${user.firstName} ${user.lastName}`;
    const tiles = await tilesFor(prisma, user.id);
    ctx.body = page({
      title: "Applications",
      organisation,
      // Each application's colour (checked: a hex colour only) as a rule of the page's style (no inline style attributes under the CSP).
      css: tiles.map((t, i) => `.tile-${i}{background:${/^#[0-9a-fA-F]{3,8}$/.test(t.color ?? "") ? t.color : "#0b4f8a"}}`).join(""),
      user: { name },
      body: html`<div class="card wide">
<h1>Applications</h1>
<p>Bonjour ${name}, voici les applications auxquelles vous avez accès.</p>
<ul class="tiles">
${tiles.map((t, i) => html`<li class="tile"><a href="${t.url}" class="tile-${i}"><span class="name">${t.label}</span>${t.description ? html`<span class="desc">${t.description}</span>` : ""}</a></li>`)}
</ul>
${tiles.length <= 1 ? html`<p class="hint">Pour accéder à d'autres applications, adressez-vous à votre référent administrateur.</p>` : ""}
<p><a href="/securite">Sécurité du compte</a> : double authentification, clés d'accès, codes de secours.</p>
<form method="get" action="/session/end"><button type="submit" class="secondary">Déconnexion</button></form>
</div>`,
    });
  });

  router.get("/connexion", (ctx) => {
    const url = new URL("/auth", app.config.PUBLIC_URL);
    url.search = new URLSearchParams({
      client_id: PORTAL_CLIENT_ID,
      response_type: "none",
      scope: "openid",
      redirect_uri: `${app.config.PUBLIC_URL}/portail/retour`,
      state: crypto.randomBytes(8).toString("base64url"),
    }).toString();
    ctx.redirect(url.pathname + url.search);
  });

  router.get("/portail/retour", (ctx) => {
    if (typeof ctx.query.error === "string") {
      ctx.status = 400;
      ctx.type = "html";
      ctx.body = messagePage({
        title: "Connexion interrompue",
        kind: "error",
        message: "La connexion n'a pas abouti. Vous pouvez réessayer.",
        link: { href: "/connexion", label: "Se connecter" },
        organisation,
      });
      return;
    }
    ctx.redirect("/");
  });

  return router;
}

// The applications an agent may open from the portal: those where he holds a role, and those every
// account may enter (the AIA console), in the tiles' order.
interface Tile {
  code: string;
  label: string;
  description: string | null;
  color: string | null;
  url: string;
}

async function tilesFor(prisma: PrismaClient, userId: string): Promise<Tile[]> {
  const apps = await prisma.application.findMany({
    where: {
      enabled: true,
      launchUrl: { not: null },
      OR: [{ requiresRole: false }, { roles: { some: { assignments: { some: { userId } } } } }],
    },
    orderBy: [{ tileOrder: "asc" }, { name: "asc" }],
    select: { code: true, tileLabel: true, tileDescription: true, tileColor: true, launchUrl: true },
  });
  return apps.map((a) => ({ code: a.code, label: a.tileLabel, description: a.tileDescription, color: a.tileColor, url: a.launchUrl! }));
}
