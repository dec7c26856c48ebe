// What the SSO tests share: a browser (fetch + a cookie jar, redirects followed by hand), an
// openid-client relying party, test clients inserted as Application rows (as the admin API would,
// with no restart), a password set directly on a seeded agent, and a tiny back-channel logout RP.
import http from "node:http";
import crypto from "node:crypto";
import * as oidc from "openid-client";
import type { PrismaClient } from "../../src/generated/prisma/client.js";
import type { SecretBox } from "../../src/lib/secretbox.js";
import { hashPassword } from "../../src/auth/password.js";
import { userId } from "../../src/db/seed.js";
import { totpCode, totpStep } from "../../src/mfa/totp.js";

/** The TOTP secrets that the helpers enrolled (per server and address) and the last step each used. */
const enrolled = new Map<string, { secret: string; lastStep: number }>();

/** The code an authenticator would show for a step not used yet (waiting when the next one is ahead). */
export async function nextTotpCode(entry: { secret: string; lastStep: number }): Promise<string> {
  // Never the previous step: on a loaded machine it may be two steps old when the server checks it.
  const step = Math.max(totpStep(), entry.lastStep + 1);
  while (step > totpStep() + 1) await new Promise((r) => setTimeout(r, 1000));
  entry.lastStep = step;
  return totpCode(entry.secret, step);
}

export function enrolledTotp(origin: string, email: string) {
  return enrolled.get(`${origin} ${email.toLowerCase()}`);
}

interface Cookie {
  name: string;
  value: string;
  path: string;
}

/** A browser without JavaScript: cookies and hand-followed redirects. */
export class Browser {
  private cookies: Cookie[] = [];

  async request(url: string | URL, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const u = new URL(url);
    const header = this.cookies
      .filter((c) => u.pathname.startsWith(c.path))
      .sort((a, b) => b.path.length - a.path.length)
      .map((c) => `${c.name}=${c.value}`)
      .join("; ");
    const res = await fetch(u, {
      method: init.method ?? (init.form ? "POST" : "GET"),
      redirect: "manual",
      headers: {
        ...(header ? { cookie: header } : {}),
        ...(init.form ? { "content-type": "application/x-www-form-urlencoded" } : {}),
        accept: "text/html",
      },
      body: init.form ? new URLSearchParams(init.form).toString() : undefined,
    });
    for (const line of res.headers.getSetCookie()) this.store(line);
    return res;
  }

  private store(line: string) {
    const [pair, ...attrs] = line.split(";").map((s) => s.trim());
    const eq = pair!.indexOf("=");
    const name = pair!.slice(0, eq);
    const value = pair!.slice(eq + 1);
    let path = "/";
    let expired = false;
    for (const a of attrs) {
      const [k, v] = a.split("=");
      if (k!.toLowerCase() === "path" && v) path = v;
      if (k!.toLowerCase() === "max-age" && Number(v) <= 0) expired = true;
      if (k!.toLowerCase() === "expires" && v && new Date(v).getTime() < Date.now()) expired = true;
    }
    this.cookies = this.cookies.filter((c) => !(c.name === name && c.path === path));
    if (!expired && value) this.cookies.push({ name, value, path });
  }

  /**
   * Follows redirects from `url` until a page answers, or until the next location starts with
   * `stopAt` (a relying party's URI, which this browser does not visit): then `stoppedAt` is it.
   */
  async navigate(url: string | URL, o: { stopAt?: string; form?: Record<string, string> } = {}) {
    let res = await this.request(url, { form: o.form });
    let current = new URL(url);
    for (let i = 0; i < 20 && res.status >= 300 && res.status < 400; i++) {
      const next = new URL(res.headers.get("location")!, current);
      await res.body?.cancel();
      if (o.stopAt && next.href.startsWith(o.stopAt)) return { stoppedAt: next, status: res.status, body: "", url: current };
      current = next;
      res = await this.request(next);
    }
    return { stoppedAt: undefined, status: res.status, body: await res.text(), url: current };
  }

  /** From an authorization URL: the login form, filled and sent. */
  async signIn(authorizationUrl: URL, email: string, password: string, stopAt: string) {
    const form = await this.navigate(authorizationUrl, { stopAt });
    if (form.stoppedAt) return form; // already signed in: straight back to the application
    const action = /<form method="post" action="([^"]+)"/.exec(form.body)?.[1];
    if (!action) throw new Error(`pas de formulaire de connexion (${form.status}) :\n${form.body.slice(0, 400)}`);
    const after = await this.navigate(new URL(action, form.url), { stopAt, form: { email, password } });
    return this.secondStep(after, email, stopAt);
  }

  /**
   * What a référent does after his password, done for the tests: at enrolment, the code computed
   * from the secret shown on the page, then « continuer » past the recovery codes; at the second
   * step, the code of the secret enrolled earlier. Any other page is returned as it is.
   */
  async secondStep(res: Awaited<ReturnType<Browser["navigate"]>>, email: string, stopAt: string) {
    const key = `${res.url.origin} ${email.toLowerCase()}`;
    const enrol = /<form method="post" action="([^"]+\/activation\/totp)"/.exec(res.body);
    if (enrol) {
      const secret = /data-secret="([A-Z2-7]+)"/.exec(res.body)![1]!;
      const entry = { secret, lastStep: 0 };
      enrolled.set(key, entry);
      const codes = await this.navigate(new URL(enrol[1]!, res.url), { stopAt, form: { code: await nextTotpCode(entry) } });
      const next = /<form method="post" action="([^"]+\/terminer)"/.exec(codes.body);
      if (!next) return codes;
      return this.navigate(new URL(next[1]!, codes.url), { stopAt, form: {} });
    }
    const verify = /<form method="post" action="([^"]+\/verification\/code)"/.exec(res.body);
    const entry = enrolled.get(key);
    if (verify && entry) return this.navigate(new URL(verify[1]!, res.url), { stopAt, form: { code: await nextTotpCode(entry) } });
    return res;
  }
}

export const PASSWORD = "Un-mot-de-passe-de-test-2026";

export async function setPassword(prisma: PrismaClient, email: string, password = PASSWORD): Promise<string> {
  const id = userId(email);
  await prisma.user.update({ where: { id }, data: { passwordHash: await hashPassword(password), passwordChangedAt: new Date() } });
  return id;
}

export interface TestClient {
  clientId: string;
  secret?: string;
  redirectUri: string;
  applicationId: string;
}

/** A relying party registered the way the admin API does it: one Application row, no restart. */
export async function registerClient(
  prisma: PrismaClient,
  box: SecretBox,
  o: {
    code: string;
    public?: boolean;
    requiresRole?: boolean;
    backchannelLogoutUri?: string;
    scopes?: string[];
    grantTypes?: string[];
    roles?: string[];
    postLogoutRedirectUris?: string[];
  },
): Promise<TestClient> {
  const secret = o.public ? undefined : crypto.randomBytes(24).toString("base64url");
  const redirectUri = `http://127.0.0.1:9/${o.code}/callback`;
  const app = await prisma.application.create({
    data: {
      code: o.code,
      name: `Application ${o.code}`,
      clientId: o.code,
      clientSecretEncrypted: secret ? box.seal(secret) : null,
      tokenEndpointAuthMethod: o.public ? "none" : "client_secret_basic",
      redirectUris: [redirectUri],
      postLogoutRedirectUris: o.postLogoutRedirectUris ?? [`http://127.0.0.1:9/${o.code}/`],
      backchannelLogoutUri: o.backchannelLogoutUri ?? null,
      grantTypes:
        o.grantTypes ??
        (o.public ? ["authorization_code", "refresh_token"] : ["authorization_code", "refresh_token", "client_credentials"]),
      ...(o.scopes ? { scopes: o.scopes } : {}),
      requiresRole: o.requiresRole ?? true,
      launchUrl: `http://127.0.0.1:9/${o.code}/`,
      tileLabel: `Application ${o.code}`,
      roles: { create: (o.roles ?? []).map((code) => ({ code, label: `Rôle ${code}` })) },
    },
  });
  return { clientId: o.code, secret, redirectUri, applicationId: app.id };
}

export async function grantRole(prisma: PrismaClient, email: string, app: TestClient, role: string) {
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId(email) } });
  const r = await prisma.role.findUniqueOrThrow({ where: { applicationId_code: { applicationId: app.applicationId, code: role } } });
  await prisma.roleAssignment.create({ data: { userId: user.id, roleId: r.id, structureId: user.structureId } });
}

/** The challenge of a fixed PKCE verifier: enough to get a login form from a client that requires PKCE. */
const BIP_CODE_CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

/** BIP's (the seeded demo client's) authorization URL on `server`, with PKCE (S256) unless `pkce` is false. */
export function bipAuthorization(
  server: { url: string; config: { DEMO_RP_URL: string } },
  extra: Record<string, string> = {},
  { pkce = true } = {},
): URL {
  const url = new URL("/auth", server.url);
  url.search = new URLSearchParams({
    client_id: "bip",
    response_type: "code",
    scope: "openid",
    redirect_uri: `${server.config.DEMO_RP_URL}/callback`,
    ...(pkce ? { code_challenge: BIP_CODE_CHALLENGE, code_challenge_method: "S256" } : {}),
    ...extra,
  }).toString();
  return url;
}

/** openid-client's view of our provider, for one client (ID token signatures checked against the JWKS). */
export async function relyingParty(issuer: string, c: { clientId: string; secret?: string }) {
  const config = await oidc.discovery(new URL(issuer), c.clientId, undefined, c.secret ? oidc.ClientSecretBasic(c.secret) : oidc.None(), {
    execute: [oidc.allowInsecureRequests],
  });
  oidc.enableNonRepudiationChecks(config);
  return config;
}

/** The full code + PKCE dance: authorization URL, browser sign-in, code exchange. */
export async function codeFlow(
  config: oidc.Configuration,
  browser: Browser,
  c: { redirectUri: string },
  who: { email: string; password?: string },
  extra: Record<string, string> = {},
) {
  const verifier = oidc.randomPKCECodeVerifier();
  const nonce = oidc.randomNonce();
  const state = oidc.randomState();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: c.redirectUri,
    scope: "openid profile email",
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    nonce,
    state,
    ...extra,
  });
  const result = await browser.signIn(url, who.email, who.password ?? PASSWORD, c.redirectUri);
  if (!result.stoppedAt) return { refused: result };
  const tokens = await oidc.authorizationCodeGrant(config, result.stoppedAt, {
    pkceCodeVerifier: verifier,
    expectedNonce: nonce,
    expectedState: state,
    idTokenExpected: true,
  });
  return { tokens, nonce };
}

/**
 * A relying party's back-channel logout endpoint on loopback, recording what it receives. `port` 0
 * takes a free one; `down()` and `up()` stop and start it again on the same port (an application that
 * could not receive a logout for a while).
 */
export async function backchannelReceiver(port = 0) {
  const received: string[] = [];
  const waiters: (() => void)[] = [];
  let server: http.Server | undefined;
  const up = async () => {
    const listening = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        const token = new URLSearchParams(body).get("logout_token");
        if (token) received.push(token);
        res.writeHead(200).end();
        waiters.splice(0).forEach((w) => w());
      });
    });
    await new Promise<void>((r) => listening.listen(port, "127.0.0.1", r));
    port = (listening.address() as import("node:net").AddressInfo).port;
    server = listening;
  };
  const down = () =>
    new Promise<void>((r) => {
      if (!server) return r();
      server.close(() => r());
      server = undefined;
    });
  await up();
  return {
    uri: `http://127.0.0.1:${port}/backchannel-logout`,
    received,
    async waitFor(n: number, ms = 5000) {
      const until = Date.now() + ms;
      while (received.length < n && Date.now() < until) {
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 100);
        });
      }
      return received;
    },
    up,
    down,
    close: down,
  };
}
