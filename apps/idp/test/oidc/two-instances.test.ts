// Deux instances, une base : sessions, tokens, keys and cookie keys live in the database, so a
// login on one instance is refreshed on the other; a key rotation is published by both.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as oidc from "openid-client";
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { startTestServer, type TestServer } from "../support/server.js";
import { createTestDatabase, databaseKind } from "../support/database.js";
import type { Database } from "../../src/db/database.js";
import { userId } from "../../src/db/seed.js";
import { rotateSigningKeys } from "../../src/oidc/keys.js";
import { Browser, codeFlow, grantRole, registerClient, relyingParty, setPassword, type TestClient } from "./support.js";

const EMAIL = "marc.lefebvre@montreuil.fr";

describe(`Deux instances sur une même base (${databaseKind})`, () => {
  let db: Database;
  let a: TestServer;
  let b: TestServer;
  let app: TestClient;

  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
    a = await startTestServer({}, { db });
    // Behind one load balancer: the same public URL (issuer), the same SECRET_KEY.
    b = await startTestServer({ PUBLIC_URL: a.config.PUBLIC_URL }, { db });
    await setPassword(db.prisma, EMAIL);
    app = await registerClient(db.prisma, a.box, { code: "rp-deux", roles: ["agent"] });
    await grantRole(db.prisma, EMAIL, app, "agent");
  }, 90_000);

  afterAll(async () => {
    await b?.stop();
    await a?.stop();
    await db?.close();
  });

  /** The same relying party, its requests sent to instance B instead of A. */
  async function viaB() {
    const rp = await relyingParty(a.config.PUBLIC_URL, app);
    rp[oidc.customFetch] = (url, options) => fetch(url.replace(a.url, b.url), options as RequestInit);
    return rp;
  }

  it("je me connecte sur une instance et rafraîchis mes jetons sur l'autre", async () => {
    const rpA = await relyingParty(a.config.PUBLIC_URL, app);
    const browser = new Browser();
    const { tokens } = await codeFlow(rpA, browser, app, { email: EMAIL });
    const rpB = await viaB();
    const refreshed = await oidc.refreshTokenGrant(rpB, tokens!.refresh_token!);
    expect(refreshed.claims()?.sub).toBe(userId(EMAIL));
    const info = await oidc.fetchUserInfo(rpB, refreshed.access_token, userId(EMAIL));
    expect(info.email).toBe(EMAIL);
    // The session cookie set by A is honoured by B (shared cookie keys and sessions).
    const portal = await browser.navigate(`${b.url}/`);
    expect(portal.body).toContain("Marc LEFEBVRE");
  });

  it("la rotation des clés : la nouvelle signe, l'ancienne reste publiée et acceptée", async () => {
    const rpA = await relyingParty(a.config.PUBLIC_URL, app);
    const before = await codeFlow(rpA, new Browser(), app, { email: EMAIL });
    const oldKid = decodeProtectedHeader(before.tokens!.id_token!).kid;

    const { current, previous } = await rotateSigningKeys(db.prisma, a.box);
    // One new key per algorithm (ES256 for ID tokens, RS256 for the API's tokens); the old ones stay published.
    expect(previous).toHaveLength(2);
    expect(previous).toContain(oldKid);
    expect(await a.oidc!.reloadKeys()).toBe(true);
    expect(await b.oidc!.reloadKeys()).toBe(true);

    for (const s of [a, b]) {
      const jwks = (await (await fetch(`${s.url}/jwks`)).json()) as { keys: { kid: string; d?: string }[] };
      expect(jwks.keys.map((k) => k.kid)).toEqual([...current, ...previous]);
      expect(jwks.keys.every((k) => k.d === undefined)).toBe(true);
    }
    const rpB = await viaB();
    const refreshed = await oidc.refreshTokenGrant(rpB, before.tokens!.refresh_token!);
    expect(decodeProtectedHeader(refreshed.id_token!)).toMatchObject({ kid: current[0], alg: "ES256" });

    const keys = await db.prisma.signingKey.findMany({ where: { status: { in: ["CURRENT", "PREVIOUS"] } } });
    const set = createLocalJWKSet({ keys: keys.map((k) => k.publicJwk as any) });
    await jwtVerify(before.tokens!.id_token!, set, { issuer: a.config.PUBLIC_URL, audience: "rp-deux" });
    await jwtVerify(refreshed.id_token!, set, { issuer: a.config.PUBLIC_URL, audience: "rp-deux" });
  });
});
