// /mot-de-passe/definir?jeton=…: the holder of a one-time link chooses a password under the policy.
// The link is spent atomically (one UPDATE … WHERE usedAt IS NULL) in the transaction that stores
// the password, so two tabs submitting at once cannot both use it.
import type Koa from "koa";
import type { AppContext } from "../../server.js";
import { hashPassword } from "../../auth/password.js";
import { checkPassword } from "../../auth/password-policy.js";
import { hashToken } from "../../lib/tokens.js";
import { revokeUserSessions } from "../../oidc/revoke.js";
import { CSRF_FIELD, type Csrf } from "./csrf.js";
import { formExpiredError, linkProblemPage, passwordSetPage, setPasswordPage, type FieldError, type LinkProblem } from "./views.js";

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

export function setPasswordHandlers(app: AppContext, csrf: Csrf) {
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
    ctx.body = setPasswordPage({ organisation, csrf: csrf.token(ctx) }, jeton, link.user.email);
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
      ctx.body = setPasswordPage({ organisation, csrf: csrf.token(ctx) }, jeton, link.user.email, errors);
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

  return { show, submit };
}
