// BIP (démo) against the real identity provider: an agent signs in through Convergences, sees the
// claims of his ID token, and is signed out of the demo when the provider sends a back-channel logout.
import http from "node:http";
import { generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_BIP_SECRET } from "../../idp/src/server.js";
import { revokeUserSessions } from "../../idp/src/oidc/revoke.js";
import { databaseKind } from "../../idp/test/support/database.js";
import { freePort, startTestServer, type TestServer } from "../../idp/test/support/server.js";
import { Browser, setPassword, PASSWORD } from "../../idp/test/oidc/support.js";
import { createDemoRp, discover } from "../src/app.js";
import type { SessionStore } from "../src/sessions.js";

let idp: TestServer;
let rp: http.Server;
let rpUrl: string;
let sessions: SessionStore;

beforeAll(async () => {
  const idpPort = await freePort();
  const rpPort = await freePort();
  rpUrl = `http://127.0.0.1:${rpPort}`;
  const issuer = `http://127.0.0.1:${idpPort}`;
  // The demo starts before the provider answers, as with `pnpm start`: discovery is retried.
  const discovered = discover(issuer, "bip", DEMO_BIP_SECRET, { retryMs: 200, timeoutMs: 90_000 });
  idp = await startTestServer({ PORT: String(idpPort), PUBLIC_URL: issuer, DEMO_RP_URL: rpUrl });
  const demo = createDemoRp({ config: await discovered, clientId: "bip", baseUrl: rpUrl });
  sessions = demo.sessions;
  rp = http.createServer(demo.app.callback());
  await new Promise<void>((r) => rp.listen(rpPort, "127.0.0.1", r));
});
afterAll(async () => {
  await new Promise<void>((r) => (rp ? rp.close(() => r()) : r()));
  rp?.closeAllConnections();
  await idp?.stop();
});

async function until(what: string, probe: () => boolean | Promise<boolean>, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`délai dépassé : ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe(`BIP (démo), application connectée par Convergences (${databaseKind})`, () => {
  it("un agent habilité sur BIP se connecte et voit les informations de son jeton d'identité ; une déconnexion back-channel le déconnecte", async () => {
    const userId = await setPassword(idp.db.prisma, "julien.petit@lhaylesroses.fr");
    const browser = new Browser();
    const before = await browser.navigate(`${rpUrl}/`);
    expect(before.body).toContain('<a class="button" href="/connexion">Se connecter</a>');

    const login = await browser.navigate(`${rpUrl}/connexion`);
    expect(login.url.href.startsWith(idp.url)).toBe(true);
    const action = /<form method="post" action="([^"]+)"/.exec(login.body)![1]!;
    const home = await browser.navigate(new URL(action, login.url), {
      form: { email: "julien.petit@lhaylesroses.fr", password: PASSWORD },
    });
    expect(home.url.href).toBe(`${rpUrl}/`);
    expect(home.status).toBe(200);
    expect(home.body).toContain("<header>BIP (démo)</header>");
    expect(home.body).toContain("Bienvenue dans BIP (démo), Julien PETIT");
    expect(home.body).toContain('<tr><th scope="row">Adresse e-mail</th><td>julien.petit@lhaylesroses.fr</td></tr>');
    expect(home.body).toContain(`<code>${userId}</code>`);
    expect(home.body).toContain("Consultation BIP");
    expect(home.body).not.toContain("Net-CAP"); // his Net-CAP role is not BIP's business
    expect(home.body).toContain("L&#39;Haÿ-les-Roses");
    expect(home.body).toContain('<a class="button" href="/deconnexion">Se déconnecter</a>');
    expect(sessions.size).toBe(1);

    // The account is locked in the AIA: the provider revokes it and tells BIP through back-channel logout.
    const { notified } = await revokeUserSessions(idp, userId);
    expect(notified).toBe(1);
    await until("session de la démo terminée", () => sessions.size === 0);
    const after = await browser.navigate(`${rpUrl}/`);
    expect(after.body).toContain("Se connecter");
    expect(after.body).not.toContain("Julien PETIT");
  });

  it("« Se déconnecter » passe par la déconnexion du fournisseur (avec confirmation) et revient à la démo", async () => {
    await setPassword(idp.db.prisma, "karim.benali@vitry.fr");
    const browser = new Browser();
    const login = await browser.navigate(`${rpUrl}/connexion`);
    const action = /<form method="post" action="([^"]+)"/.exec(login.body)![1]!;
    const home = await browser.navigate(new URL(action, login.url), { form: { email: "karim.benali@vitry.fr", password: PASSWORD } });
    expect(home.body).toContain("Karim BENALI");

    const confirm = await browser.navigate(`${rpUrl}/deconnexion`);
    expect(confirm.url.href.startsWith(`${idp.url}/session/end`)).toBe(true);
    const logoutAction = /<form[^>]*action="([^"]+)"/.exec(confirm.body)![1]!;
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(confirm.body)![1]!;
    const back = await browser.navigate(new URL(logoutAction.replace(/&amp;/g, "&"), confirm.url), { form: { xsrf, logout: "yes" } });
    expect(back.url.href).toBe(`${rpUrl}/`);
    expect(back.body).toContain("Se connecter");
    // Signed out at the provider too: signing in again asks for the password.
    const again = await browser.navigate(`${rpUrl}/connexion`);
    expect(again.url.href.startsWith(idp.url)).toBe(true);
    expect(again.body).toContain('name="password"');
  });

  it("un jeton de déconnexion qui n'est pas signé par le fournisseur est refusé", async () => {
    const { privateKey } = await generateKeyPair("RS256");
    const forged = await new SignJWT({ events: { "http://schemas.openid.net/event/backchannel-logout": {} }, sub: "quelqu-un", sid: "x" })
      .setProtectedHeader({ alg: "RS256", kid: "faux", typ: "logout+jwt" })
      .setIssuer(idp.config.PUBLIC_URL)
      .setAudience("bip")
      .setIssuedAt()
      .setJti("j1")
      .sign(privateKey);
    const res = await fetch(`${rpUrl}/backchannel-logout`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ logout_token: forged }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe("invalid_request");
  });
});
