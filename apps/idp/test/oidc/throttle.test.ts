// Limitation des tentatives : after repeated failures the login is slowed, then blocked for a while,
// and nothing in the answers tells an existing address from an unknown one.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as oidc from "openid-client";
import { startTestServer, type TestServer } from "../support/server.js";
import { databaseKind } from "../support/database.js";
import { DEFAULT_THROTTLE } from "../../src/auth/throttle.js";
import { Browser, PASSWORD, registerClient, relyingParty, setPassword } from "./support.js";

const KNOWN = "karim.benali@vitry.fr";
const UNKNOWN = "personne.inconnue@vitry.fr";

describe(`Limitation des tentatives de connexion (${databaseKind})`, () => {
  let server: TestServer;
  let authUrl: () => Promise<URL>;

  beforeAll(async () => {
    server = await startTestServer();
    await setPassword(server.db.prisma, KNOWN);
    const app = await registerClient(server.db.prisma, server.box, { code: "rp-limite", requiresRole: false });
    const rp = await relyingParty(server.config.PUBLIC_URL, app);
    authUrl = async () =>
      oidc.buildAuthorizationUrl(rp, {
        redirect_uri: app.redirectUri,
        scope: "openid",
        code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
        code_challenge_method: "S256",
      });
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
  });

  /** One attempt from a fresh browser: status and page, the interaction id blanked out. */
  async function attempt(email: string, password: string) {
    const browser = new Browser();
    const form = await browser.navigate(await authUrl(), { stopAt: "http://127.0.0.1:9/" });
    const action = /<form method="post" action="([^"]+)"/.exec(form.body)![1]!;
    const started = Date.now();
    const res = await browser.navigate(new URL(action, form.url), { form: { email, password }, stopAt: "http://127.0.0.1:9/" });
    return {
      status: res.status,
      ms: Date.now() - started,
      page: res.body
        .replace(/\/interaction\/[\w-]+\//g, "/interaction/UID/")
        .replaceAll(email, "EMAIL")
        .replace(/nonce="[^"]+"/g, 'nonce="N"'),
    };
  }

  it("après des échecs répétés, la connexion est ralentie puis bloquée, de la même façon pour une adresse connue ou inconnue", async () => {
    const { blockAt, slowAfter } = DEFAULT_THROTTLE.account;
    for (let i = 1; i <= blockAt; i++) {
      const known = await attempt(KNOWN, "mauvais-mot-de-passe");
      const unknown = await attempt(UNKNOWN, "mauvais-mot-de-passe");
      expect(known.status).toBe(401);
      expect(unknown).toMatchObject({ status: known.status, page: known.page });
      expect(known.page).toContain("Adresse e-mail ou mot de passe incorrect.");
      if (i > slowAfter + 1) {
        expect(known.ms).toBeGreaterThanOrEqual((i - 1 - slowAfter) * DEFAULT_THROTTLE.stepMs - 20);
        expect(unknown.ms).toBeGreaterThanOrEqual((i - 1 - slowAfter) * DEFAULT_THROTTLE.stepMs - 20);
      }
    }
    const known = await attempt(KNOWN, PASSWORD); // even the right password, while blocked
    const unknown = await attempt(UNKNOWN, PASSWORD);
    expect(known.status).toBe(429);
    expect(known.page).toContain("Trop de tentatives de connexion infructueuses");
    expect(unknown).toMatchObject({ status: known.status, page: known.page });

    // Counted in the database, so that every instance sees them.
    const rows = await server.db.prisma.loginThrottle.findMany({ where: { key: { startsWith: "compte:" } } });
    expect(rows.map((r) => r.key).sort()).toEqual([`compte:${KNOWN}`, `compte:${UNKNOWN}`]);
    expect(rows.every((r) => r.blockedUntil && r.blockedUntil > new Date())).toBe(true);
  });

  it("une connexion réussie remet le compteur du compte à zéro", async () => {
    const email = "lea.moreau@nanterre.fr";
    await setPassword(server.db.prisma, email);
    await attempt(email, "faux");
    await attempt(email, "faux");
    const ok = await attempt(email, PASSWORD);
    expect(ok.status).toBe(303); // back to the application (the browser stops there)
    expect(await server.db.prisma.loginThrottle.count({ where: { key: `compte:${email}` } })).toBe(0);
  });
});
