// Double authentification : a référent or CIG administrator signs in with a second factor (TOTP
// application, recovery code) and is taken to enrolment when he has none; `amr`/`acr` say how he
// signed in, and the admin API refuses his token without it. openid-client is the relying party.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as oidc from "openid-client";
import { decodeJwt } from "jose";
import { startTestServer, type TestServer } from "../support/server.js";
import { databaseKind } from "../support/database.js";
import { userId } from "../../src/db/seed.js";
import { DEFAULT_THROTTLE } from "../../src/auth/throttle.js";
import { totpCode, totpStep } from "../../src/mfa/totp.js";
import { ACR_MFA, ACR_SFA } from "../../src/mfa/amr.js";
import { NEW_FACTOR_SUBJECT } from "../../src/mfa/mail.js";
import { Browser, PASSWORD, enrolledTotp, registerClient, relyingParty, setPassword, type TestClient } from "./support.js";

const WONDER = "wonder.woman@yopmail.com"; // référente of L'Haÿ-les-Roses
const PAUL = "paul.durand@montreuil.fr"; // référent of Montreuil
const LEA = "lea.moreau@nanterre.fr"; // agent, named référente during a test

describe(`Double authentification (${databaseKind})`, () => {
  let server: TestServer;
  let issuer: string;
  let app: TestClient;
  let rp: oidc.Configuration;
  let consoleRp: oidc.Configuration;
  const recoveryCodes: string[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    issuer = server.config.PUBLIC_URL;
    const { prisma } = server.db;
    app = await registerClient(prisma, server.box, { code: "rp-mfa", requiresRole: false });
    rp = await relyingParty(issuer, app);
    consoleRp = await relyingParty(issuer, { clientId: "aia-console" });
    for (const email of [WONDER, PAUL, LEA]) await setPassword(prisma, email);
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
  });

  /** The authorization request, the login form sent with the password: the page that follows. */
  async function password(browser: Browser, config = rp, redirectUri = app.redirectUri, extra: Record<string, string> = {}) {
    const verifier = oidc.randomPKCECodeVerifier();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: "openid profile email",
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: "S256",
      nonce,
      ...extra,
    });
    return { verifier, nonce, url };
  }

  async function signInPassword(
    browser: Browser,
    email: string,
    o: { config?: oidc.Configuration; redirectUri?: string; extra?: Record<string, string> } = {},
  ) {
    const req = await password(browser, o.config, o.redirectUri, o.extra);
    const form = await browser.navigate(req.url, { stopAt: o.redirectUri ?? app.redirectUri });
    if (form.stoppedAt) return { req, page: form };
    const action = /<form method="post" action="([^"]+)"/.exec(form.body)![1]!;
    const page = await browser.navigate(new URL(action, form.url), {
      stopAt: o.redirectUri ?? app.redirectUri,
      form: { email, password: PASSWORD },
    });
    return { req, page };
  }

  /** The page's text with the escaped apostrophes of interpolated messages read back. */
  const text = (body: string) => body.replaceAll("&#39;", "'").replaceAll("&quot;", '"');
  const formAction = (body: string, suffix: string) => new RegExp(`<form method="post" action="([^"]+/${suffix})"`).exec(body)?.[1];

  async function exchange(config: oidc.Configuration, req: { verifier: string; nonce: string }, at: URL) {
    return oidc.authorizationCodeGrant(config, at, { pkceCodeVerifier: req.verifier, expectedNonce: req.nonce, idTokenExpected: true });
  }

  it("un référent sans second facteur est conduit à l'activation : QR code et clé en clair, premier code, dix codes de secours, puis amr avec mfa", async () => {
    const browser = new Browser();
    const { req, page } = await signInPassword(browser, WONDER);
    expect(page.status).toBe(200);
    expect(page.url.pathname).toMatch(/\/activation$/);
    expect(text(page.body)).toContain("Activer la double authentification");
    expect(text(page.body)).toContain("<svg");
    const secret = /data-secret="([A-Z2-7]+)"/.exec(page.body)![1]!;
    expect(page.body).toContain(`<code id="cle-secrete" data-secret="${secret}">${secret.replace(/(.{4})(?=.)/g, "$1 ")}</code>`);
    expect(page.body).not.toMatch(/<script>|\son[a-z]+="/); // no inline script nor handler

    // A wrong first code does not enrol.
    const wrong = await browser.navigate(new URL(formAction(page.body, "activation/totp")!, page.url), { form: { code: "12345" } });
    expect(wrong.status).toBe(401);
    expect(text(wrong.body)).toContain("Ce code n'est pas valide ou a déjà été utilisé.");
    expect(await server.db.prisma.authFactor.count({ where: { userId: userId(WONDER), confirmedAt: { not: null } } })).toBe(0);

    const step = totpStep();
    const codes = await browser.navigate(new URL(formAction(page.body, "activation/totp")!, page.url), {
      form: { code: totpCode(secret, step) },
    });
    expect(codes.status).toBe(200);
    expect(text(codes.body)).toContain("Vos codes de secours");
    const shown = [...codes.body.matchAll(/<li><code>([a-z0-9]{5}-[a-z0-9]{5})<\/code><\/li>/g)].map((m) => m[1]!);
    expect(shown).toHaveLength(10);
    recoveryCodes.push(...shown);
    // Stored hashed only; the secret sealed.
    const stored = await server.db.prisma.recoveryCode.findMany({ where: { userId: userId(WONDER) } });
    expect(stored).toHaveLength(10);
    expect(stored.some((r) => shown.some((c) => r.codeHash.includes(c.replace("-", ""))))).toBe(false);
    const factor = await server.db.prisma.authFactor.findFirstOrThrow({ where: { userId: userId(WONDER), kind: "TOTP" } });
    expect(factor.totpSecretEncrypted).not.toContain(secret);
    expect(server.box.open(factor.totpSecretEncrypted!)).toBe(secret);

    const done = await browser.navigate(new URL(formAction(codes.body, "terminer")!, codes.url), { form: {}, stopAt: app.redirectUri });
    const tokens = await exchange(rp, req, done.stoppedAt!);
    const claims = tokens.claims()!;
    expect(claims.amr).toEqual(["pwd", "otp", "mfa"]);
    expect(claims.acr).toBe(ACR_MFA);
    // The agent is told by mail.
    expect(await server.db.prisma.mailOutbox.count({ where: { to: WONDER, subject: NEW_FACTOR_SUBJECT } })).toBe(1);
    // Recorded for the helpers of the next tests (the step just used).
    enrolled.set(WONDER, { secret, lastStep: step });
  });

  const enrolled = new Map<string, { secret: string; lastStep: number }>();

  it("mot de passe puis code TOTP : l'ID token porte amr [pwd, otp, mfa] et l'acr multi-facteur", async () => {
    const { secret, lastStep } = enrolled.get(WONDER)!;
    const browser = new Browser();
    const { req, page } = await signInPassword(browser, WONDER);
    expect(page.url.pathname).toMatch(/\/verification$/);
    expect(text(page.body)).toContain("Vérification en deux étapes");
    const step = Math.max(totpStep(), lastStep + 1);
    const ok = await browser.navigate(new URL(formAction(page.body, "verification/code")!, page.url), {
      form: { code: totpCode(secret, step) },
      stopAt: app.redirectUri,
    });
    expect(ok.stoppedAt).toBeTruthy();
    const claims = (await exchange(rp, req, ok.stoppedAt!)).claims()!;
    expect(claims.amr).toEqual(["pwd", "otp", "mfa"]);
    expect(claims.acr).toBe(ACR_MFA);
    enrolled.set(WONDER, { secret, lastStep: step });
  });

  it("un code déjà utilisé, un code vieux de deux pas et un code faux sont refusés et comptés par la limitation des tentatives", async () => {
    const { secret, lastStep } = enrolled.get(WONDER)!;
    const browser = new Browser();
    const { page } = await signInPassword(browser, WONDER);
    const action = new URL(formAction(page.body, "verification/code")!, page.url);
    const key = `facteur:${userId(WONDER)}`;
    const failures = async () => (await server.db.prisma.loginThrottle.findUnique({ where: { key } }))?.failures ?? 0;

    const reused = await browser.navigate(action, { form: { code: totpCode(secret, lastStep) } });
    expect(reused.status).toBe(401);
    expect(text(reused.body)).toContain("Ce code n'est pas valide ou a déjà été utilisé.");
    expect(await failures()).toBe(1);

    const old = await browser.navigate(action, { form: { code: totpCode(secret, totpStep() - 2) } });
    expect(old.status).toBe(401);
    expect(await failures()).toBe(2);

    const valid = new Set([-1, 0, 1].map((d) => totpCode(secret, totpStep() + d)));
    const wrong = ["000000", "111111", "222222"].find((c) => !valid.has(c))!;
    const bad = await browser.navigate(action, { form: { code: wrong } });
    expect(bad.status).toBe(401);
    expect(await failures()).toBe(3);

    // Further failures block the second step, even for the right code.
    for (let i = 4; i <= DEFAULT_THROTTLE.account.blockAt; i++) await browser.navigate(action, { form: { code: wrong } });
    const blocked = await browser.navigate(action, {
      form: { code: totpCode(secret, Math.max(totpStep(), lastStep + 1)) },
      stopAt: app.redirectUri,
    });
    expect(blocked.status).toBe(429);
    expect(text(blocked.body)).toContain("Trop de tentatives infructueuses");
    // Nothing was consumed by the refused attempts: the factor's last step is still the one used before.
    const factor = await server.db.prisma.authFactor.findFirstOrThrow({ where: { userId: userId(WONDER), kind: "TOTP" } });
    expect(Number(factor.totpLastStep)).toBe(lastStep);
    await server.db.prisma.loginThrottle.deleteMany({ where: { key } });
  });

  it("un code de secours permet une connexion, une seule fois, et dit combien il en reste", async () => {
    const code = recoveryCodes[0]!;
    const browser = new Browser();
    const { req, page } = await signInPassword(browser, WONDER);
    const used = await browser.navigate(new URL(formAction(page.body, "verification/secours")!, page.url), {
      form: { code: code.toUpperCase().replace("-", " ") },
    });
    expect(used.status).toBe(200);
    expect(text(used.body)).toContain("Il vous reste 9 codes de secours.");
    const done = await browser.navigate(new URL(formAction(used.body, "terminer")!, used.url), { form: {}, stopAt: app.redirectUri });
    expect((await exchange(rp, req, done.stoppedAt!)).claims()!.amr).toContain("mfa");

    const again = new Browser();
    const second = await signInPassword(again, WONDER);
    const refused = await again.navigate(new URL(formAction(second.page.body, "verification/secours")!, second.page.url), {
      form: { code },
      stopAt: app.redirectUri,
    });
    expect(refused.status).toBe(401);
    expect(text(refused.body)).toContain("Ce code de secours n'est pas valide ou a déjà été utilisé.");
    expect(refused.stoppedAt).toBeUndefined();
  });

  it("un agent sans second facteur se connecte avec son seul mot de passe (amr [pwd], acr mono-facteur)", async () => {
    const browser = new Browser();
    const { req, page } = await signInPassword(browser, LEA);
    expect(page.stoppedAt).toBeTruthy();
    const claims = (await exchange(rp, req, page.stoppedAt!)).claims()!;
    expect(claims.amr).toEqual(["pwd"]);
    expect(claims.acr).toBe(ACR_SFA);
  });

  it("un agent nommé référent n'accède plus à l'API sans second facteur ; à sa connexion suivante il est conduit à l'activation, puis l'API lui répond", async () => {
    const resource = `${issuer}/api/v1`;
    const redirectUri = `${issuer}/aia/callback`;
    const browser = new Browser();
    const first = await signInPassword(browser, LEA, { config: consoleRp, redirectUri, extra: { scope: "openid aia", resource } });
    const tokens = await exchange(consoleRp, first.req, first.page.stoppedAt!);
    expect(decodeJwt(tokens.access_token).amr).toEqual(["pwd"]);
    const me = () => fetch(`${resource}/me`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect((await me()).status).toBe(200);

    const structure = await server.db.prisma.structure.findUniqueOrThrow({ where: { code: "92-nanterre" } });
    await server.db.prisma.mandate.create({ data: { userId: userId(LEA), kind: "REFERENT", structureId: structure.id } });
    const refused = await me();
    expect(refused.status).toBe(403);
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
    const problem = (await refused.json()) as { detail: string };
    expect(problem).toMatchObject({ code: "MFA_REQUIRED", status: 403 });
    expect(problem.detail).toContain("second facteur");
    expect(
      await server.db.prisma.auditEvent.count({ where: { action: "api.mfa_required", actorId: userId(LEA), outcome: "denied" } }),
    ).toBeGreaterThan(0);

    // Her session does not take her past the login any more: password, then enrolment.
    const req = await password(browser, consoleRp, redirectUri, { scope: "openid aia", resource });
    const login = await browser.navigate(req.url, { stopAt: redirectUri });
    expect(login.stoppedAt).toBeUndefined();
    expect(text(login.body)).toContain("Connexion");
    const action = /<form method="post" action="([^"]+)"/.exec(login.body)![1]!;
    const enrol = await browser.navigate(new URL(action, login.url), { form: { email: LEA, password: PASSWORD }, stopAt: redirectUri });
    expect(enrol.url.pathname).toMatch(/\/activation$/);
    const back = await browser.secondStep(enrol, LEA, redirectUri);
    const after = await exchange(consoleRp, req, back.stoppedAt!);
    expect(decodeJwt(after.access_token).amr).toEqual(["pwd", "otp", "mfa"]);
    expect((await fetch(`${resource}/me`, { headers: { authorization: `Bearer ${after.access_token}` } })).status).toBe(200);
    // The refreshed access token keeps how she signed in.
    const refreshed = await oidc.refreshTokenGrant(consoleRp, after.refresh_token!, { resource });
    expect(decodeJwt(refreshed.access_token).amr).toEqual(["pwd", "otp", "mfa"]);
    expect(enrolledTotp(issuer, LEA)).toBeTruthy();
  });

  it("le portail n'ouvre rien à un référent tant que sa session n'a pas de second facteur", async () => {
    const browser = new Browser();
    const { page } = await signInPassword(browser, PAUL);
    expect(page.url.pathname).toMatch(/\/activation$/);
    // Leaving the enrolment for the portal: no session was opened, the portal invites to sign in.
    const portal = await browser.navigate(`${issuer}/`);
    expect(text(portal.body)).toContain("Se connecter");
    expect(portal.body).not.toContain("voici les applications");
  });
});
