// « Définir votre mot de passe » (/mot-de-passe/definir?jeton=…): the holder of a one-time link (sent
// by « Première visite » or « Mot de passe oublié ») chooses a password under the policy; then
// « Mot de passe enregistré », or why the link does not work. The link is spent atomically (one
// UPDATE … WHERE usedAt IS NULL) in the transaction that stores the password, so two tabs submitting
// at once cannot both use it.
import { html, type SafeHtml } from "@convergences/html";
import type Koa from "koa";
import type { AppContext } from "../server.js";
import { hashPassword } from "../auth/password.js";
import { checkPassword, PASSWORD_POLICY_ADVICE, PASSWORD_POLICY_RULES, PASSWORD_POLICY_TITLE } from "../auth/password-policy.js";
import { hashToken } from "../lib/tokens.js";
import { revokeUserSessions } from "../oidc/revoke.js";
import { CSRF_FIELD, csrfField, type Csrf } from "./csrf.js";
import { errorSummary, fieldAttributes, fieldErrors, formExpiredError, type FieldError, type PageContext } from "./formulaire.js";
import { page } from "./layout.js";
import type { FormPage } from "./routes.js";

const SET_PASSWORD_PATH = "/mot-de-passe/definir";

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{20,100}$/;

type LinkHolder = { tokenId: string; user: { id: string; email: string; identifiant: string; firstName: string; lastName: string } };

async function findLink(app: AppContext, jeton: string): Promise<LinkHolder | LinkProblem> {
  if (!TOKEN_SHAPE.test(jeton)) return "unknown";
  const row = await app.db.prisma.oneTimeToken.findUnique({
    where: { tokenHash: hashToken(jeton) },
    select: {
      id: true,
      usedAt: true,
      expiresAt: true,
      user: { select: { id: true, email: true, identifiant: true, firstName: true, lastName: true } },
    },
  });
  if (!row) return "unknown";
  if (row.usedAt) return "used";
  if (row.expiresAt.getTime() <= Date.now()) return "expired";
  return { tokenId: row.id, user: row.user };
}

export function setPasswordPage(app: AppContext, csrf: Csrf): FormPage {
  const organisation = app.config.ORGANISATION_NAME;

  function problem(ctx: Koa.Context, p: LinkProblem) {
    ctx.status = p === "unknown" ? 404 : 410;
    ctx.type = "html";
    ctx.body = linkProblemPage(organisation, p);
  }

  const show: Koa.Middleware = async (ctx) => {
    const jeton = typeof ctx.query.jeton === "string" ? ctx.query.jeton : "";
    const link = await findLink(app, jeton);
    if (typeof link === "string") return problem(ctx, link);
    ctx.type = "html";
    ctx.body = setPasswordForm({ organisation, csrf: csrf.token(ctx) }, jeton, link.user.email);
  };

  const submit: Koa.Middleware = async (ctx) => {
    const body = (ctx.request.body ?? {}) as Record<string, unknown>;
    const field = (k: string) => (typeof body[k] === "string" ? (body[k] as string) : "");
    const jeton = field("jeton") || (typeof ctx.query.jeton === "string" ? ctx.query.jeton : "");
    const password = field("password");
    const confirmation = field("confirmation");

    const link = await findLink(app, jeton);
    if (typeof link === "string") return problem(ctx, link);

    const errors: FieldError[] = [];
    const csrfOk = csrf.verify(ctx, body[CSRF_FIELD]);
    if (!csrfOk) errors.push(formExpiredError("password"));
    else {
      errors.push(...checkPassword(password, link.user).map((e) => ({ field: "password", message: e.message })));
      if (!errors.length && !confirmation)
        errors.push({ field: "confirmation", message: "Saisissez à nouveau le mot de passe pour le confirmer." });
      else if (!errors.length && confirmation !== password) {
        errors.push({ field: "confirmation", message: "Les deux mots de passe saisis ne sont pas identiques." });
      }
    }
    if (errors.length) {
      ctx.status = csrfOk ? 400 : 403;
      ctx.type = "html";
      // The passwords are never sent back; the link (jeton) is kept so the person can try again.
      ctx.body = setPasswordForm({ organisation, csrf: csrf.token(ctx) }, jeton, link.user.email, errors);
      return;
    }

    const passwordHash = await hashPassword(password);
    const spent = await app.db.prisma.$transaction(async (tx) => {
      const now = new Date();
      const claimed = await tx.oneTimeToken.updateMany({
        where: { id: link.tokenId, usedAt: null, expiresAt: { gt: now } },
        data: { usedAt: now },
      });
      if (claimed.count !== 1) return false;
      // Any other link still in a mailbox stops working: only the newest password counts.
      await tx.oneTimeToken.updateMany({ where: { userId: link.user.id, usedAt: null }, data: { usedAt: now } });
      await tx.user.update({ where: { id: link.user.id }, data: { passwordHash, passwordChangedAt: now } });
      return true;
    });
    if (!spent) return problem(ctx, (await findLink(app, jeton)) as LinkProblem);
    app.logger.info("mot de passe défini par lien à usage unique", { userId: link.user.id });
    // A new password closes the sessions opened with the old one (someone else may have used it).
    await revokeUserSessions(app, link.user.id).catch((e: Error) =>
      app.logger.warn("sessions non révoquées après changement de mot de passe", { userId: link.user.id, error: e.message }),
    );
    ctx.type = "html";
    ctx.body = passwordSetPage(organisation);
  };

  return { path: SET_PASSWORD_PATH, show, submit };
}

function policyBox(): SafeHtml {
  return html`<div class="info" id="politique">
<p class="m-quarter-bottom"><strong>${PASSWORD_POLICY_TITLE}</strong></p>
<ul class="m-quarter">${PASSWORD_POLICY_RULES.map((r) => html`<li>${r}</li>`)}</ul>
<p class="hint m-quarter-top">${PASSWORD_POLICY_ADVICE}</p>
</div>`;
}

function setPasswordForm(ctx: PageContext, jeton: string, email: string, errors: FieldError[] = []): string {
  return page({
    title: errors.length ? "Erreur – Définir votre mot de passe" : "Définir votre mot de passe",
    organisation: ctx.organisation,
    body: html`<div class="card">
<h1>Définir votre mot de passe</h1>
${errorSummary(errors)}
${policyBox()}
<form method="post" action="${SET_PASSWORD_PATH}" novalidate>
${csrfField(ctx.csrf)}
<input type="hidden" name="jeton" value="${jeton}">
<label for="identifiant">Adresse e-mail</label>
<input type="text" id="identifiant" name="identifiant" value="${email}" autocomplete="username" readonly>
<label for="password">Nouveau mot de passe</label>
<input type="password" id="password" name="password" autocomplete="new-password" aria-required="true" aria-describedby="politique"${fieldAttributes("password", errors)}${errors.length ? "" : html` autofocus`}>
${fieldErrors("password", errors)}
<label for="confirmation">Confirmez le nouveau mot de passe</label>
<input type="password" id="confirmation" name="confirmation" autocomplete="new-password" aria-required="true"${fieldAttributes("confirmation", errors)}>
${fieldErrors("confirmation", errors)}
<button type="submit">Enregistrer le mot de passe</button>
</form>
</div>`,
  });
}

type LinkProblem = "unknown" | "used" | "expired";

const PROBLEMS: Record<LinkProblem, { title: string; text: string }> = {
  unknown: {
    title: "Lien non valide",
    text: "Ce lien n'est pas valide. Vérifiez qu'il a été copié en entier depuis le message reçu, ou demandez un nouveau lien.",
  },
  used: {
    title: "Lien déjà utilisé",
    text: "Ce lien a déjà servi : un lien ne peut être utilisé qu'une seule fois. Si vous devez définir à nouveau votre mot de passe, demandez un nouveau lien.",
  },
  expired: { title: "Lien expiré", text: "Ce lien n'est plus valable : sa durée de validité est dépassée. Demandez un nouveau lien." },
};

function linkProblemPage(organisation: string, problem: LinkProblem): string {
  const p = PROBLEMS[problem];
  return page({
    title: p.title,
    organisation,
    body: html`<div class="card">
<h1>${p.title}</h1>
<div class="error" role="alert"><p class="m0">${p.text}</p></div>
<p><a class="button" href="/mot-de-passe-oublie">Demander un nouveau lien</a></p>
<div class="links"><a href="/premiere-visite">Première visite ?</a><a href="/">Retour à la connexion</a></div>
</div>`,
  });
}

function passwordSetPage(organisation: string): string {
  return page({
    title: "Mot de passe enregistré",
    organisation,
    body: html`<div class="card">
<h1>Mot de passe enregistré</h1>
<div class="success" role="status"><p class="m0">Votre mot de passe est enregistré. Vous pouvez maintenant vous connecter avec votre adresse e-mail et ce mot de passe.</p></div>
<p><a class="button" href="/">Se connecter</a></p>
</div>`,
  });
}
