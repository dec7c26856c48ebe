// « Première visite ? » and « Mot de passe oublié ? »: an address → a mail with a one-time link.
// The answer is the same page, byte for byte, whether an account has this address or not, and takes
// the same time (a fixed minimum duration covers the database work done only for a real account).
import type Koa from "koa";
import type { AppContext } from "../../server.js";
import { queuePasswordLinkMail } from "../../mail/password-link.js";
import { describeValidity } from "../../mail/templates.js";
import { TOKEN_TTL_MS, type TokenPurpose } from "../../lib/tokens.js";
import type { Csrf } from "./csrf.js";
import { CSRF_FIELD } from "./csrf.js";
import { formExpiredError, linkSentPage, unavailablePage, requestLinkPage, type FieldError, type RequestLinkTexts } from "./views.js";
import { hasForbiddenCharacters } from "../../lib/text.js";

/** Every answer to a request takes at least this long, whatever happened. */
export const NEUTRAL_ANSWER_MS = 300;
/** Beyond this many links in the window, further requests for one account send nothing (mail bombing). */
export const MAX_LINKS_PER_WINDOW = 3;
export const LINK_WINDOW_MS = 15 * 60_000;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const REQUEST_LINK_PAGES: Record<TokenPurpose, RequestLinkTexts & { path: string; sentTitle: string }> = {
  FIRST_VISIT: {
    path: "/premiere-visite",
    action: "/premiere-visite",
    title: "Première visite",
    intro:
      "Pour initialiser votre mot de passe, saisissez l'adresse e-mail de votre compte. Vous recevrez un message contenant un lien pour choisir votre mot de passe.",
    button: "Recevoir le lien",
    sentTitle: "Première visite : consultez votre messagerie",
  },
  PASSWORD_RESET: {
    path: "/mot-de-passe-oublie",
    action: "/mot-de-passe-oublie",
    title: "Mot de passe oublié",
    intro: "Saisissez l'adresse e-mail de votre compte. Vous recevrez un message contenant un lien pour choisir un nouveau mot de passe.",
    button: "Recevoir le lien",
    sentTitle: "Mot de passe oublié : consultez votre messagerie",
  },
};

export function validateEmail(value: string): FieldError[] {
  if (!value) return [{ field: "email", message: "Saisissez votre adresse e-mail." }];
  if (value.length > 254 || !EMAIL.test(value) || hasForbiddenCharacters(value)) {
    return [{ field: "email", message: "Saisissez une adresse e-mail valide, par exemple prenom.nom@commune.fr." }];
  }
  return [];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function requestLinkHandlers(app: AppContext, csrf: Csrf, purpose: TokenPurpose) {
  const texts = REQUEST_LINK_PAGES[purpose];
  const organisation = app.config.ORGANISATION_NAME;

  const show: Koa.Middleware = (ctx) => {
    const prefill = typeof ctx.query.email === "string" ? ctx.query.email.slice(0, 254) : "";
    ctx.type = "html";
    ctx.body = requestLinkPage({ organisation, csrf: csrf.token(ctx) }, texts, prefill);
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
      ctx.body = requestLinkPage({ organisation, csrf: csrf.token(ctx) }, texts, email.slice(0, 254), errors);
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
      ctx.body = unavailablePage(organisation);
      return;
    }
    const wait = NEUTRAL_ANSWER_MS - (Date.now() - started);
    if (wait > 0) await sleep(wait);
    ctx.type = "html";
    ctx.set("Cache-Control", "no-store");
    ctx.body = linkSentPage(organisation, texts.sentTitle, describeValidity("", TOKEN_TTL_MS[purpose]));
  };

  return { show, submit };
}
