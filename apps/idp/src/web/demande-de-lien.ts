// What « Première visite » (premiere-visite.ts) and « Mot de passe oublié » (mot-de-passe-oublie.ts)
// have in common: an address → a mail with a one-time link to « Définir votre mot de passe ».
// The answer is the same page, byte for byte, whether an account has this address or not, and takes
// the same time (a fixed minimum duration covers the database work done only for a real account).
import { html } from "@convergences/html";
import type Koa from "koa";
import type { AppContext } from "../server.js";
import { queuePasswordLinkMail } from "../mail/password-link.js";
import { describeValidity } from "../mail/templates.js";
import { TOKEN_TTL_MS, type TokenPurpose } from "../lib/tokens.js";
import { hasForbiddenCharacters } from "../lib/text.js";
import { CSRF_FIELD, csrfField, type Csrf } from "./csrf.js";
import { errorSummary, fieldAttributes, fieldErrors, formExpiredError, type FieldError, type PageContext } from "./formulaire.js";
import { unavailablePage } from "./indisponible.js";
import { page } from "./layout.js";
import type { FormPage } from "./routes.js";

/** Every answer to a request takes at least this long, whatever happened. */
export const NEUTRAL_ANSWER_MS = 300;
/** Beyond this many links in the window, further requests for one account send nothing (mail bombing). */
const MAX_LINKS_PER_WINDOW = 3;
const LINK_WINDOW_MS = 15 * 60_000;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** One of the two pages: its address, the link it sends, its texts. */
export interface LinkRequest {
  path: string;
  purpose: TokenPurpose;
  title: string;
  intro: string;
  button: string;
  /** The title of the answer, « … : consultez votre messagerie ». */
  sentTitle: string;
}

function validateEmail(value: string): FieldError[] {
  if (!value) return [{ field: "email", message: "Saisissez votre adresse e-mail." }];
  if (value.length > 254 || !EMAIL.test(value) || hasForbiddenCharacters(value)) {
    return [{ field: "email", message: "Saisissez une adresse e-mail valide, par exemple prenom.nom@commune.fr." }];
  }
  return [];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The form, and the neutral answer to it. */
export function linkRequestPage(app: AppContext, csrf: Csrf, request: LinkRequest): FormPage {
  const { purpose } = request;
  const organisation = app.config.ORGANISATION_NAME;

  const show: Koa.Middleware = (ctx) => {
    const prefill = typeof ctx.query.email === "string" ? ctx.query.email.slice(0, 254) : "";
    ctx.type = "html";
    ctx.body = requestForm({ organisation, csrf: csrf.token(ctx) }, request, prefill);
  };

  const submit: Koa.Middleware = async (ctx) => {
    const started = Date.now();
    const body = (ctx.request.body ?? {}) as Record<string, unknown>;
    const email = typeof body.email === "string" ? body.email.trim() : "";
    const csrfOk = csrf.verify(ctx, body[CSRF_FIELD]);
    const errors = csrfOk ? validateEmail(email) : [formExpiredError("email")];
    if (errors.length) {
      ctx.status = csrfOk ? 400 : 403;
      ctx.type = "html";
      ctx.body = requestForm({ organisation, csrf: csrf.token(ctx) }, request, email.slice(0, 254), errors);
      return;
    }
    try {
      await app.db.prisma.$transaction(async (tx) => {
        const user = await tx.user.findUnique({
          where: { emailLower: email.toLowerCase() },
          select: { id: true, email: true, identifiant: true, firstName: true, lastName: true },
        });
        if (!user) return;
        const recent = await tx.oneTimeToken.count({
          where: { userId: user.id, createdAt: { gt: new Date(Date.now() - LINK_WINDOW_MS) } },
        });
        if (recent >= MAX_LINKS_PER_WINDOW) {
          app.logger.warn("lien de mot de passe non renvoyé : trop de demandes récentes", { userId: user.id, purpose });
          return;
        }
        const { mailId } = await queuePasswordLinkMail(tx, app.config, user, purpose);
        app.logger.info("lien de mot de passe mis en file d'envoi", { userId: user.id, purpose, mailId });
      });
    } catch (e) {
      // The database failing is not about one account: saying so reveals nothing, and is honest.
      app.logger.error("demande de lien de mot de passe : erreur", { purpose, error: e instanceof Error ? e.message : String(e) });
      ctx.status = 503;
      ctx.type = "html";
      ctx.body = unavailablePage(organisation, "Votre demande n'a pas pu être enregistrée. Veuillez réessayer dans quelques minutes.");
      return;
    }
    const wait = NEUTRAL_ANSWER_MS - (Date.now() - started);
    if (wait > 0) await sleep(wait);
    ctx.type = "html";
    ctx.set("Cache-Control", "no-store");
    ctx.body = linkSentPage(organisation, request.sentTitle, describeValidity("", TOKEN_TTL_MS[purpose]));
  };

  return { path: request.path, show, submit };
}

function requestForm(ctx: PageContext, request: LinkRequest, email: string, errors: FieldError[] = []): string {
  return page({
    title: errors.length ? `Erreur – ${request.title}` : request.title,
    organisation: ctx.organisation,
    body: html`<div class="card">
<h1>${request.title}</h1>
${errorSummary(errors)}
<p>${request.intro}</p>
<form method="post" action="${request.path}" novalidate>
${csrfField(ctx.csrf)}
<label for="email">Adresse e-mail</label>
<p class="hint" id="email-aide">Votre adresse e-mail professionnelle, qui est aussi votre identifiant.</p>
<input type="email" id="email" name="email" value="${email}" autocomplete="username" inputmode="email" spellcheck="false" aria-required="true"${fieldAttributes("email", errors)}${errors.length ? "" : html` autofocus`}>
${fieldErrors("email", errors)}
<button type="submit">${request.button}</button>
</form>
<div class="links"><a href="/">Retour à la connexion</a></div>
</div>`,
  });
}

function linkSentPage(organisation: string, title: string, validity: string): string {
  return page({
    title,
    organisation,
    body: html`<div class="card">
<h1>${title}</h1>
<div class="success" role="status">
<p>Si un compte correspond à l'adresse saisie, un message contenant un lien pour définir votre mot de passe vient d'y être envoyé.</p>
</div>
<p>${validity} Pensez à vérifier vos courriers indésirables. Sans message d'ici quelques minutes, vérifiez l'adresse saisie ou adressez-vous au référent administrateur de votre structure.</p>
<div class="links"><a href="/">Retour à la connexion</a></div>
</div>`,
  });
}
