// The second step of sign-in, inside oidc-provider's login interaction. After the password, the
// person who has a second factor gives it (a TOTP code, a recovery code or a passkey); a référent or
// CIG administrator who has none is taken to enrolment before anything else. Only then does the
// interaction end, with `amr`/`acr` saying how he signed in.
// Between the steps, what has been proven is kept in a cookie signed with the provider's cookie keys
// (shared by every instance), bound to the interaction and to its path, valid 15 minutes.
import type Router from "@koa/router";
import { bodyParser } from "@koa/bodyparser";
import type Koa from "koa";
import type Provider from "oidc-provider";
import type { AppContext } from "../server.js";
import { acrOf, withFactor, type Amr } from "../mfa/amr.js";
import { checkRecoveryCode, checkTotp, factorState, hasSecondFactor, newRecoveryCodes, pendingTotp } from "../mfa/factors.js";
import { groupedSecret, qrSvg, totpUri } from "../mfa/totp.js";
import { notifyNewFactor } from "../mfa/mail.js";
import { authenticationOptions, registrationOptions, relyingPartyOf, verifyAuthentication, verifyRegistration } from "../mfa/webauthn.js";
import { passkeyAmr } from "../mfa/amr.js";
import { markFresh } from "../mfa/fresh.js";
import { accountState, ACCOUNT_STATE_MESSAGES } from "../auth/account-state.js";
import { enrolmentPage } from "../web/activer-la-double-authentification.js";
import { recoveryCodesPage, recoveryUsedPage } from "../web/codes-de-secours.js";
import { secondFactorPage } from "../web/verification-en-deux-etapes.js";

export const PENDING_COOKIE = "conv_mfa";
const PENDING_MS = 15 * 60_000;

export interface Pending {
  uid: string;
  sub: string;
  amr: Amr[];
  /** factor: give a second factor; enrol: add one; done: proven, the interaction may end. */
  stage: "factor" | "enrol" | "done";
  /** done after enrolment with a passkey: the recovery codes are still to be shown (once). */
  codes?: boolean;
  exp: number;
}

export const MFA_MESSAGES = {
  totpInvalid: "Ce code n'est pas valide ou a déjà été utilisé. Saisissez le code actuellement affiché par votre application.",
  recoveryInvalid: "Ce code de secours n'est pas valide ou a déjà été utilisé.",
  blocked: "Trop de tentatives infructueuses. Par sécurité, la vérification est suspendue pendant quelques minutes. Réessayez plus tard.",
  expired: "Cette étape de connexion a expiré. Identifiez-vous à nouveau.",
} as const;

const pendingPath = (uid: string) => `/interaction/${uid}`;

export function setPending(ctx: Koa.Context, p: Omit<Pending, "exp">): void {
  const value = Buffer.from(JSON.stringify({ ...p, exp: Date.now() + PENDING_MS })).toString("base64url");
  ctx.cookies.set(PENDING_COOKIE, value, {
    signed: true,
    httpOnly: true,
    sameSite: "lax",
    secure: ctx.secure,
    path: pendingPath(p.uid),
    maxAge: PENDING_MS,
    overwrite: true,
  });
}

export function getPending(ctx: Koa.Context, uid: string): Pending | null {
  const raw = ctx.cookies.get(PENDING_COOKIE, { signed: true });
  if (!raw) return null;
  try {
    const p = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as Pending;
    return p.uid === uid && typeof p.sub === "string" && Array.isArray(p.amr) && p.exp > Date.now() ? p : null;
  } catch {
    return null;
  }
}

function clearPending(ctx: Koa.Context, uid: string) {
  ctx.cookies.set(PENDING_COOKIE, "", {
    signed: true,
    httpOnly: true,
    sameSite: "lax",
    secure: ctx.secure,
    path: pendingPath(uid),
    maxAge: 0,
    overwrite: true,
  });
}

export interface SecondFactorFlow {
  /** After a correct password: the second step, enrolment, or the end of the interaction. */
  afterPassword(ctx: Koa.Context, provider: Provider, uid: string, userId: string): Promise<void>;
  /** Ends the login interaction for `userId`, signed in by `amr`: the address to go on to. */
  finish(ctx: Koa.Context, provider: Provider, userId: string, amr: Amr[]): Promise<string>;
  register(router: Router): void;
}

export function secondFactorFlow(app: AppContext, current: () => Provider): SecondFactorFlow {
  const { prisma } = app.db;
  const sql = app.db.sql;
  const organisation = app.config.ORGANISATION_NAME;
  const form = bodyParser({ enableTypes: ["form"], formLimit: "16kb" });
  const json = bodyParser({ enableTypes: ["json"], jsonLimit: "64kb" });
  const rp = relyingPartyOf(app.config.PUBLIC_URL, organisation);

  const redirect = (ctx: Koa.Context, to: string) => {
    ctx.status = 303;
    ctx.redirect(to);
  };

  async function finish(ctx: Koa.Context, provider: Provider, userId: string, amr: Amr[]) {
    const uid = (await provider.interactionDetails(ctx.req, ctx.res)).uid;
    clearPending(ctx, uid);
    if (amr.includes("mfa")) markFresh(ctx, userId);
    return provider.interactionResult(
      ctx.req,
      ctx.res,
      { login: { accountId: userId, amr, acr: acrOf(amr) } },
      { mergeWithLastSubmission: false },
    );
  }

  /** The answer to the passkey script: where to go, or why not (French). */
  const answer = (ctx: Koa.Context, status: number, body: { redirect?: string; message?: string } | object) => {
    ctx.status = status;
    ctx.type = "json";
    ctx.body = body;
  };

  async function afterPassword(ctx: Koa.Context, provider: Provider, uid: string, userId: string) {
    const state = await factorState(sql, userId);
    if (hasSecondFactor(state)) {
      setPending(ctx, { uid, sub: userId, amr: ["pwd"], stage: "factor" });
      return redirect(ctx, `/interaction/${uid}/verification`);
    }
    if (state.required) {
      setPending(ctx, { uid, sub: userId, amr: ["pwd"], stage: "enrol" });
      return redirect(ctx, `/interaction/${uid}/activation`);
    }
    redirect(ctx, await finish(ctx, provider, userId, ["pwd"]));
  }

  /** The interaction (still at login) and what this browser proved in it; otherwise back to the login form. */
  async function step(ctx: Koa.Context, stages: Pending["stage"][]) {
    const provider = current();
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    ctx.set("cache-control", "no-store");
    const pending = details.prompt.name === "login" ? getPending(ctx, details.uid) : null;
    if (!pending || !stages.includes(pending.stage)) {
      redirect(ctx, `/interaction/${details.uid}`);
      return null;
    }
    return { provider, uid: details.uid, pending };
  }

  async function showSecondFactor(
    ctx: Koa.Context,
    uid: string,
    userId: string,
    status = 200,
    error?: string,
    errorOn?: "totp" | "recovery",
  ) {
    const state = await factorState(sql, userId);
    ctx.status = status;
    ctx.type = "html";
    ctx.body = secondFactorPage({ uid, totp: state.totp, passkeys: state.passkeys > 0, error, errorOn, organisation });
  }

  async function showEnrolment(ctx: Koa.Context, uid: string, userId: string, status = 200, error?: string) {
    const [state, user, pending] = await Promise.all([
      factorState(sql, userId),
      prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true } }),
      pendingTotp(prisma, app.box, userId),
    ]);
    ctx.status = status;
    ctx.type = "html";
    ctx.body = enrolmentPage({
      uid,
      required: state.required,
      qr: await qrSvg(totpUri(pending.secret, user.email, `Convergences – ${organisation}`)),
      secret: groupedSecret(pending.secret),
      error,
      passkey: true,
      organisation,
    });
  }

  function register(router: Router) {
    router.get("/interaction/:uid/verification", async (ctx) => {
      const s = await step(ctx, ["factor"]);
      if (s) await showSecondFactor(ctx, s.uid, s.pending.sub);
    });

    router.post("/interaction/:uid/verification/code", form, async (ctx) => {
      const s = await step(ctx, ["factor"]);
      if (!s) return;
      const code = String((ctx.request.body as Record<string, unknown> | undefined)?.code ?? "");
      const outcome = await checkTotp(sql, app.box, { userId: s.pending.sub, code, ip: ctx.ip });
      if (!outcome.ok)
        return showSecondFactor(
          ctx,
          s.uid,
          s.pending.sub,
          outcome.status,
          outcome.status === 429 ? MFA_MESSAGES.blocked : MFA_MESSAGES.totpInvalid,
          "totp",
        );
      redirect(ctx, await finish(ctx, s.provider, s.pending.sub, withFactor(s.pending.amr, "otp")));
    });

    // A passkey as the second factor (the page's script: options, then the browser's answer).
    router.post("/interaction/:uid/verification/cle/options", json, async (ctx) => {
      const s = await step(ctx, ["factor"]);
      if (s) answer(ctx, 200, await authenticationOptions(prisma, rp, s.pending.sub));
    });
    router.post("/interaction/:uid/verification/cle", json, async (ctx) => {
      const s = await step(ctx, ["factor"]);
      if (!s) return;
      const outcome = await verifyAuthentication(prisma, rp, s.pending.sub, (ctx.request.body ?? {}) as Record<string, unknown>);
      if (!outcome.ok) return answer(ctx, 400, { message: outcome.message });
      answer(ctx, 200, {
        redirect: await finish(ctx, s.provider, s.pending.sub, withFactor(s.pending.amr, passkeyAmr(outcome.deviceType))),
      });
    });

    // Enrolment with a passkey: registered, mailed, then the recovery codes (shown once).
    router.post("/interaction/:uid/activation/cle/options", json, async (ctx) => {
      const s = await step(ctx, ["enrol"]);
      if (s) answer(ctx, 200, await registrationOptions(prisma, rp, s.pending.sub));
    });
    router.post("/interaction/:uid/activation/cle", json, async (ctx) => {
      const s = await step(ctx, ["enrol"]);
      if (!s) return;
      const outcome = await verifyRegistration(prisma, rp, s.pending.sub, (ctx.request.body ?? {}) as Record<string, unknown>);
      if (!outcome.ok) return answer(ctx, 400, { message: outcome.message });
      const factor = await prisma.authFactor.findUniqueOrThrow({ where: { id: outcome.factorId }, select: { deviceType: true } });
      await notifyNewFactor(prisma, app.config, s.pending.sub, `la clé d'accès « ${outcome.name} »`);
      setPending(ctx, {
        uid: s.uid,
        sub: s.pending.sub,
        amr: withFactor(s.pending.amr, passkeyAmr(factor.deviceType)),
        stage: "done",
        codes: true,
      });
      answer(ctx, 200, { redirect: `/interaction/${s.uid}/codes-de-secours` });
    });
    router.get("/interaction/:uid/codes-de-secours", async (ctx) => {
      const s = await step(ctx, ["done"]);
      if (!s) return;
      if (!s.pending.codes) return redirect(ctx, await finish(ctx, s.provider, s.pending.sub, s.pending.amr));
      const codes = await newRecoveryCodes(prisma, s.pending.sub);
      setPending(ctx, { uid: s.uid, sub: s.pending.sub, amr: s.pending.amr, stage: "done", codes: false });
      ctx.type = "html";
      ctx.body = recoveryCodesPage({
        codes,
        action: `/interaction/${s.uid}/terminer`,
        intro: "Votre clé d'accès est enregistrée : la double authentification est activée.",
        organisation,
      });
    });

    // « Se connecter avec une clé d'accès »: passwordless, from the login form (user verification required).
    router.post("/interaction/:uid/cle/options", json, async (ctx) => {
      const provider = current();
      const details = await provider.interactionDetails(ctx.req, ctx.res);
      ctx.set("cache-control", "no-store");
      if (details.prompt.name !== "login") return answer(ctx, 400, { message: MFA_MESSAGES.expired });
      answer(ctx, 200, await authenticationOptions(prisma, rp, null));
    });
    router.post("/interaction/:uid/cle", json, async (ctx) => {
      const provider = current();
      const details = await provider.interactionDetails(ctx.req, ctx.res);
      ctx.set("cache-control", "no-store");
      if (details.prompt.name !== "login") return answer(ctx, 400, { message: MFA_MESSAGES.expired });
      const outcome = await verifyAuthentication(prisma, rp, null, (ctx.request.body ?? {}) as Record<string, unknown>);
      if (!outcome.ok) return answer(ctx, 400, { message: outcome.message });
      if (!outcome.userVerified)
        return answer(ctx, 400, { message: "Votre clé d'accès doit vérifier votre identité (code, empreinte ou visage)." });
      const user = await prisma.user.findUnique({
        where: { id: outcome.userId },
        select: { locked: true, validFrom: true, validUntil: true },
      });
      const state = user ? accountState(user) : "locked";
      if (state !== "active") return answer(ctx, 403, { message: ACCOUNT_STATE_MESSAGES[state] });
      await prisma.user.update({ where: { id: outcome.userId }, data: { lastLoginAt: new Date() } });
      answer(ctx, 200, { redirect: await finish(ctx, provider, outcome.userId, withFactor([], passkeyAmr(outcome.deviceType), true)) });
    });

    router.post("/interaction/:uid/verification/secours", form, async (ctx) => {
      const s = await step(ctx, ["factor"]);
      if (!s) return;
      const code = String((ctx.request.body as Record<string, unknown> | undefined)?.code ?? "");
      const outcome = await checkRecoveryCode(sql, { userId: s.pending.sub, code, ip: ctx.ip });
      if (!outcome.ok)
        return showSecondFactor(
          ctx,
          s.uid,
          s.pending.sub,
          outcome.status,
          outcome.status === 429 ? MFA_MESSAGES.blocked : MFA_MESSAGES.recoveryInvalid,
          "recovery",
        );
      setPending(ctx, { uid: s.uid, sub: s.pending.sub, amr: withFactor(s.pending.amr, "otp"), stage: "done" });
      ctx.type = "html";
      ctx.body = recoveryUsedPage({ left: outcome.value.left, action: `/interaction/${s.uid}/terminer`, organisation });
    });

    router.get("/interaction/:uid/activation", async (ctx) => {
      const s = await step(ctx, ["enrol"]);
      if (s) await showEnrolment(ctx, s.uid, s.pending.sub);
    });

    router.post("/interaction/:uid/activation/totp", form, async (ctx) => {
      const s = await step(ctx, ["enrol"]);
      if (!s) return;
      const userId = s.pending.sub;
      const code = String((ctx.request.body as Record<string, unknown> | undefined)?.code ?? "");
      const { id } = await pendingTotp(prisma, app.box, userId);
      const outcome = await checkTotp(sql, app.box, { userId, code, ip: ctx.ip, factorId: id });
      if (!outcome.ok)
        return showEnrolment(ctx, s.uid, userId, outcome.status, outcome.status === 429 ? MFA_MESSAGES.blocked : MFA_MESSAGES.totpInvalid);
      const codes = await prisma.$transaction(async (tx) => {
        await tx.authFactor.deleteMany({ where: { userId, kind: "TOTP", id: { not: outcome.value.factorId } } });
        await notifyNewFactor(tx, app.config, userId, "une application d'authentification");
        return newRecoveryCodes(tx, userId);
      });
      setPending(ctx, { uid: s.uid, sub: userId, amr: withFactor(s.pending.amr, "otp"), stage: "done" });
      ctx.type = "html";
      ctx.body = recoveryCodesPage({ codes, action: `/interaction/${s.uid}/terminer`, organisation });
    });

    router.post("/interaction/:uid/terminer", async (ctx) => {
      const s = await step(ctx, ["done"]);
      if (s) redirect(ctx, await finish(ctx, s.provider, s.pending.sub, s.pending.amr));
    });
  }

  return { afterPassword, finish, register };
}
