// « Sécurité du compte » (/securite), reached from the portal and from « Profil » in the console: the
// agent lists his second factors, renames or removes them, adds an authenticator application or a
// passkey, and draws new recovery codes. Each change is behind a fresh second factor: one given in the
// last 5 minutes (at sign-in, or on /securite/verifier), remembered in a signed cookie (mfa/fresh.ts).
import { isId } from "@convergences/contract";
import { html } from "@convergences/html";
import Router from "@koa/router";
import { bodyParser } from "@koa/bodyparser";
import type Koa from "koa";
import type Provider from "oidc-provider";
import type { AppContext } from "../server.js";
import { loadSecretKey } from "../lib/secretbox.js";
import { accountState } from "../auth/account-state.js";
import { checkRecoveryCode, checkTotp, factorState, hasSecondFactor, newRecoveryCodes, pendingTotp } from "../mfa/factors.js";
import { groupedSecret, qrSvg, totpUri } from "../mfa/totp.js";
import { notifyNewFactor } from "../mfa/mail.js";
import {
  authenticationOptions,
  PASSKEY_NAME_MAX,
  registrationOptions,
  relyingPartyOf,
  verifyAuthentication,
  verifyRegistration,
} from "../mfa/webauthn.js";
import { isFresh, markFresh } from "../mfa/fresh.js";
import { MFA_MESSAGES } from "../interactions/second-factor.js";
import { enrolmentPage } from "./activer-la-double-authentification.js";
import { recoveryCodesPage } from "./codes-de-secours.js";
import { createCsrf } from "./csrf.js";
import { page } from "./layout.js";
import { secondFactorPage } from "./verification-en-deux-etapes.js";

const PARIS = (d: Date | null) =>
  d ? d.toLocaleString("fr-FR", { timeZone: "Europe/Paris", dateStyle: "short", timeStyle: "short" }) : "jamais";

export function securityRoutes(app: AppContext, current: () => Provider): Router {
  const { prisma } = app.db;
  const sql = app.db.sql;
  const organisation = app.config.ORGANISATION_NAME;
  const csrf = createCsrf(loadSecretKey(app.config).key);
  const rp = relyingPartyOf(app.config.PUBLIC_URL, organisation);
  const form = bodyParser({ enableTypes: ["form"], formLimit: "16kb" });
  const json = bodyParser({ enableTypes: ["json"], jsonLimit: "64kb" });
  const router = new Router({ prefix: "/securite" });

  /** The signed-in, active agent; otherwise to the sign-in. */
  async function who(ctx: Koa.Context) {
    ctx.set("cache-control", "no-store");
    const session = await current().Session.get(ctx as any);
    const user = session.accountId
      ? await prisma.user.findUnique({
          where: { id: session.accountId },
          select: { id: true, email: true, firstName: true, lastName: true, locked: true, validFrom: true, validUntil: true },
        })
      : null;
    if (!user || accountState(user) !== "active") {
      ctx.redirect("/connexion");
      return null;
    }
    return { ...user, name: `${user.firstName} ${user.lastName}` };
  }

  const body = (ctx: Koa.Context) => (ctx.request.body ?? {}) as Record<string, unknown>;

  /** A change: signed in, a valid form token, and a fresh second factor when he has one. */
  async function change(ctx: Koa.Context, token: unknown) {
    const user = await who(ctx);
    if (!user) return null;
    if (!csrf.verify(ctx, token)) {
      ctx.status = 403;
      ctx.type = "html";
      ctx.body = page({
        title: "Action refusée",
        user,
        organisation,
        body: html`<div class="card"><h1>Action refusée</h1><p class="error" role="alert">Ce formulaire a expiré. Rechargez la page et recommencez.</p><a class="button" href="/securite">Sécurité du compte</a></div>`,
      });
      return null;
    }
    const state = await factorState(sql, user.id);
    if (hasSecondFactor(state) && !isFresh(ctx, user.id)) {
      ctx.status = 303;
      ctx.redirect("/securite/verifier");
      return null;
    }
    return { user, state };
  }

  async function overview(ctx: Koa.Context, user: { id: string; name: string }, notice?: string, error?: string) {
    const [state, factors] = await Promise.all([
      factorState(sql, user.id),
      prisma.authFactor.findMany({ where: { userId: user.id, confirmedAt: { not: null } }, orderBy: { createdAt: "asc" } }),
    ]);
    const token = csrf.token(ctx);
    const field = html`<input type="hidden" name="_csrf" value="${token}">`;
    ctx.type = "html";
    ctx.body = page({
      title: "Sécurité du compte",
      user,
      organisation,
      body: html`<div class="card wide">
<h1>Sécurité du compte</h1>
${notice ? html`<p class="success" role="status">${notice}</p>` : ""}
${error ? html`<p class="error" role="alert">${error}</p>` : ""}
${state.required && !hasSecondFactor(state) ? html`<p class="error">Votre compte de référent administrateur doit avoir au moins un second moyen de connexion.</p>` : ""}
<h2>Mes moyens de connexion</h2>
${
  factors.length
    ? html`<ul class="factors">${factors.map(
        (f) => html`<li>
  <strong>${f.name}</strong> – ${f.kind === "TOTP" ? "application d'authentification" : "clé d'accès"}, ajouté le ${PARIS(f.createdAt)}, dernière utilisation : ${PARIS(f.lastUsedAt)}
  <form method="post" action="/securite/facteurs/${f.id}/renommer">${field}
    <label for="nom-${f.id}">Nouveau nom</label>
    <input id="nom-${f.id}" name="name" type="text" maxlength="${PASSKEY_NAME_MAX}" value="${f.name}" required>
    <button type="submit" class="secondary">Renommer</button>
  </form>
  <form method="post" action="/securite/facteurs/${f.id}/supprimer">${field}
    <button type="submit" class="secondary" aria-label="Supprimer ${f.name}">Supprimer</button>
  </form>
</li>`,
      )}</ul>`
    : html`<p>Vous vous connectez avec votre seul mot de passe.</p>`
}
<p><a class="button" href="/securite/ajouter">Ajouter un moyen de connexion</a></p>
<h2>Codes de secours</h2>
<p>${state.recoveryLeft === 1 ? "Il vous reste 1 code de secours." : `Il vous reste ${state.recoveryLeft} codes de secours.`}</p>
${
  hasSecondFactor(state)
    ? html`<form method="post" action="/securite/codes">${field}<button type="submit" class="secondary">Générer de nouveaux codes de secours</button></form>
<p class="hint">Les nouveaux codes remplacent les anciens, qui ne fonctionneront plus.</p>`
    : ""
}
<p><a href="/">Retour au portail</a></p>
</div>`,
    });
  }

  router.get("/", async (ctx) => {
    const user = await who(ctx);
    if (user) await overview(ctx, user);
  });

  // The fresh second factor asked before a change.
  const verifyPage = async (ctx: Koa.Context, user: { id: string }, status = 200, error?: string, errorOn?: "totp" | "recovery") => {
    const state = await factorState(sql, user.id);
    ctx.status = status;
    ctx.type = "html";
    ctx.body = secondFactorPage({
      uid: "",
      base: "/securite/verifier",
      csrf: csrf.token(ctx),
      title: "Confirmez votre identité",
      intro: "Pour modifier vos moyens de connexion, donnez d'abord votre second facteur.",
      totp: state.totp,
      passkeys: state.passkeys > 0,
      error,
      errorOn,
      organisation,
    });
  };
  router.get("/verifier", async (ctx) => {
    const user = await who(ctx);
    if (user) await verifyPage(ctx, user);
  });
  router.post("/verifier/code", form, async (ctx) => {
    const user = await who(ctx);
    if (!user) return;
    if (!csrf.verify(ctx, body(ctx)._csrf)) return verifyPage(ctx, user, 403, "Ce formulaire a expiré. Recommencez.");
    const outcome = await checkTotp(sql, app.box, { userId: user.id, code: String(body(ctx).code ?? ""), ip: ctx.ip });
    if (!outcome.ok)
      return verifyPage(ctx, user, outcome.status, outcome.status === 429 ? MFA_MESSAGES.blocked : MFA_MESSAGES.totpInvalid, "totp");
    markFresh(ctx, user.id);
    ctx.status = 303;
    ctx.redirect("/securite");
  });
  router.post("/verifier/secours", form, async (ctx) => {
    const user = await who(ctx);
    if (!user) return;
    if (!csrf.verify(ctx, body(ctx)._csrf)) return verifyPage(ctx, user, 403, "Ce formulaire a expiré. Recommencez.");
    const outcome = await checkRecoveryCode(sql, { userId: user.id, code: String(body(ctx).code ?? ""), ip: ctx.ip });
    if (!outcome.ok)
      return verifyPage(
        ctx,
        user,
        outcome.status,
        outcome.status === 429 ? MFA_MESSAGES.blocked : MFA_MESSAGES.recoveryInvalid,
        "recovery",
      );
    markFresh(ctx, user.id);
    ctx.status = 303;
    ctx.redirect("/securite");
  });
  const jsonAnswer = (ctx: Koa.Context, status: number, value: object) => {
    ctx.status = status;
    ctx.type = "json";
    ctx.body = value;
  };
  router.post("/verifier/cle/options", json, async (ctx) => {
    const user = await who(ctx);
    if (!user) return;
    if (!csrf.verify(ctx, ctx.get("x-csrf-token"))) return jsonAnswer(ctx, 403, { message: "Rechargez la page et recommencez." });
    jsonAnswer(ctx, 200, await authenticationOptions(prisma, rp, user.id));
  });
  router.post("/verifier/cle", json, async (ctx) => {
    const user = await who(ctx);
    if (!user) return;
    if (!csrf.verify(ctx, ctx.get("x-csrf-token"))) return jsonAnswer(ctx, 403, { message: "Rechargez la page et recommencez." });
    const outcome = await verifyAuthentication(prisma, rp, user.id, body(ctx));
    if (!outcome.ok) return jsonAnswer(ctx, 400, { message: outcome.message });
    markFresh(ctx, user.id);
    jsonAnswer(ctx, 200, { redirect: "/securite" });
  });

  // Adding a factor: an authenticator application (QR code) or a passkey.
  async function showEnrolment(ctx: Koa.Context, user: { id: string; email: string }, status = 200, error?: string) {
    const pending = await pendingTotp(prisma, app.box, user.id);
    ctx.status = status;
    ctx.type = "html";
    ctx.body = enrolmentPage({
      uid: "",
      base: "/securite/ajouter",
      csrf: csrf.token(ctx),
      required: false,
      qr: await qrSvg(totpUri(pending.secret, user.email, `Convergences – ${organisation}`)),
      secret: groupedSecret(pending.secret),
      passkey: true,
      error,
      organisation,
    });
  }
  router.get("/ajouter", async (ctx) => {
    const user = await who(ctx);
    if (!user) return;
    const state = await factorState(sql, user.id);
    if (hasSecondFactor(state) && !isFresh(ctx, user.id)) return ctx.redirect("/securite/verifier");
    await showEnrolment(ctx, user);
  });
  router.post("/ajouter/totp", form, async (ctx) => {
    const ok = await change(ctx, body(ctx)._csrf);
    if (!ok) return;
    const { user } = ok;
    const { id } = await pendingTotp(prisma, app.box, user.id);
    const outcome = await checkTotp(sql, app.box, { userId: user.id, code: String(body(ctx).code ?? ""), ip: ctx.ip, factorId: id });
    if (!outcome.ok)
      return showEnrolment(ctx, user, outcome.status, outcome.status === 429 ? MFA_MESSAGES.blocked : MFA_MESSAGES.totpInvalid);
    const codes = await prisma.$transaction(async (tx) => {
      await tx.authFactor.deleteMany({ where: { userId: user.id, kind: "TOTP", id: { not: outcome.value.factorId } } });
      await notifyNewFactor(tx, app.config, user.id, "une application d'authentification");
      return ok.state.recoveryLeft ? null : newRecoveryCodes(tx, user.id);
    });
    markFresh(ctx, user.id);
    if (!codes) return overview(ctx, user, "L'application d'authentification est ajoutée.");
    ctx.type = "html";
    ctx.body = recoveryCodesPage({ codes, action: "/securite", method: "get", organisation });
  });
  router.post("/ajouter/cle/options", json, async (ctx) => {
    const ok = await change(ctx, ctx.get("x-csrf-token"));
    if (ok) jsonAnswer(ctx, 200, await registrationOptions(prisma, rp, ok.user.id));
  });
  router.post("/ajouter/cle", json, async (ctx) => {
    const ok = await change(ctx, ctx.get("x-csrf-token"));
    if (!ok) return;
    const outcome = await verifyRegistration(prisma, rp, ok.user.id, body(ctx));
    if (!outcome.ok) return jsonAnswer(ctx, 400, { message: outcome.message });
    await notifyNewFactor(prisma, app.config, ok.user.id, `la clé d'accès « ${outcome.name} »`);
    markFresh(ctx, ok.user.id);
    jsonAnswer(ctx, 200, { redirect: "/securite" });
  });

  router.post("/codes", form, async (ctx) => {
    const ok = await change(ctx, body(ctx)._csrf);
    if (!ok) return;
    if (!hasSecondFactor(ok.state)) return overview(ctx, ok.user, undefined, "Ajoutez d'abord un moyen de connexion.");
    const codes = await newRecoveryCodes(prisma, ok.user.id);
    ctx.type = "html";
    ctx.body = recoveryCodesPage({
      codes,
      action: "/securite",
      method: "get",
      intro: "Vos nouveaux codes de secours remplacent les anciens.",
      organisation,
    });
  });

  router.post("/facteurs/:id/renommer", form, async (ctx) => {
    const ok = await change(ctx, body(ctx)._csrf);
    if (!ok) return;
    const name = String(body(ctx).name ?? "")
      .trim()
      .slice(0, PASSKEY_NAME_MAX);
    if (!name) return overview(ctx, ok.user, undefined, "Donnez un nom à ce moyen de connexion.");
    const done = await prisma.authFactor.updateMany({ where: { id: idOrNil(ctx.params.id), userId: ok.user.id }, data: { name } });
    await overview(
      ctx,
      ok.user,
      done.count ? `Renommé en « ${name} ».` : undefined,
      done.count ? undefined : "Ce moyen de connexion est introuvable.",
    );
  });

  router.post("/facteurs/:id/supprimer", form, async (ctx) => {
    const ok = await change(ctx, body(ctx)._csrf);
    if (!ok) return;
    const factor = await prisma.authFactor.findFirst({
      where: { id: idOrNil(ctx.params.id), userId: ok.user.id, confirmedAt: { not: null } },
    });
    if (!factor) return overview(ctx, ok.user, undefined, "Ce moyen de connexion est introuvable.");
    const others = (ok.state.totp ? 1 : 0) + ok.state.passkeys - 1;
    if (ok.state.required && others < 1) {
      return overview(
        ctx,
        ok.user,
        undefined,
        "Ajoutez d'abord un autre moyen de connexion : un référent administrateur doit toujours en avoir un.",
      );
    }
    await prisma.$transaction(async (tx) => {
      await tx.authFactor.delete({ where: { id: factor.id } });
      // Without any factor left, recovery codes would be a second password: they go too.
      if (others < 1) await tx.recoveryCode.deleteMany({ where: { userId: ok.user.id } });
    });
    await overview(ctx, ok.user, `« ${factor.name} » est supprimé.`);
  });

  return router;
}

/** A factor id from the address; a malformed one finds nothing (the nil UUID), like an unknown one. */
const idOrNil = (v: unknown) => (isId(v) ? v : "00000000-0000-0000-0000-000000000000");
