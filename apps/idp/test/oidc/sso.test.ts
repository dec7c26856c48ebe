// Connexion au portail et aux applications : an agent signs in once and enters the applications on
// which he holds a role, through standard OIDC, with openid-client as the relying party.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as oidc from "openid-client";
import { createLocalJWKSet, createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { startTestServer, type TestServer } from "../support/server.js";
import { databaseKind } from "../support/database.js";
import { DEMO_BIP_SECRET } from "../../src/server.js";
import { userId } from "../../src/db/seed.js";
import {
  Browser,
  backchannelReceiver,
  codeFlow,
  grantRole,
  registerClient,
  relyingParty,
  setPassword,
  type TestClient,
} from "./support.js";

const JULIEN = "julien.petit@lhaylesroses.fr"; // BIP consultation + Net-CAP consultation
const AGENT_SANS_ROLE = "simple.agent@creteil.fr";

describe(`Connexion aux applications par Convergences (${databaseKind})`, () => {
  let server: TestServer;
  let issuer: string;
  let bip: { clientId: string; secret: string; redirectUri: string };
  let rpTest: TestClient;
  let receiver: Awaited<ReturnType<typeof backchannelReceiver>>;

  beforeAll(async () => {
    server = await startTestServer();
    issuer = server.config.PUBLIC_URL;
    const { prisma } = server.db;
    await setPassword(prisma, JULIEN);
    await setPassword(prisma, AGENT_SANS_ROLE);
    receiver = await backchannelReceiver();
    bip = { clientId: "bip", secret: DEMO_BIP_SECRET, redirectUri: `${server.config.DEMO_RP_URL}/callback` };
    rpTest = await registerClient(prisma, server.box, { code: "rp-test", roles: ["lecteur"], backchannelLogoutUri: receiver.uri });
    await grantRole(prisma, JULIEN, rpTest, "lecteur");
  }, 60_000);

  afterAll(async () => {
    await receiver?.close();
    await server?.stop();
  });

  it("un agent se connecte à BIP (code + PKCE) : l'ID token est valide et ne porte que ses rôles BIP", async () => {
    const rp = await relyingParty(issuer, bip);
    const browser = new Browser();
    const { tokens, nonce } = await codeFlow(rp, browser, bip, { email: JULIEN });
    expect(tokens).toBeDefined();

    // Signature, iss, aud and nonce checked independently of openid-client, against the JWKS.
    const jwks = createRemoteJWKSet(new URL(rp.serverMetadata().jwks_uri!));
    const { payload, protectedHeader } = await jwtVerify(tokens!.id_token!, jwks, { issuer, audience: "bip" });
    expect(protectedHeader.alg).toBe("ES256"); // ID_TOKEN_SIGNING_ALG's default (keys.ts)
    expect(payload.nonce).toBe(nonce);
    expect(payload.sub).toBe(userId(JULIEN));
    expect(payload).toMatchObject({ email: JULIEN, given_name: "Julien", family_name: "PETIT", name: "Julien PETIT" });
    expect(payload.roles).toEqual([
      { code: "consultation", label: "Consultation BIP", structure: expect.objectContaining({ name: "L'Haÿ-les-Roses" }) },
    ]);
    expect(payload.structures).toEqual([
      expect.objectContaining({
        name: "DirG RH AGRH",
        path: expect.stringContaining("L'Haÿ-les-Roses / Direction générale / DirG RH AGRH"),
      }),
    ]);

    const info = await oidc.fetchUserInfo(rp, tokens!.access_token, userId(JULIEN));
    expect(info.email).toBe(JULIEN);
    expect(info.roles).toEqual(payload.roles);

    // Already signed in: another application opens without the login page, with its own roles only.
    const other = await relyingParty(issuer, rpTest);
    const second = await codeFlow(other, browser, rpTest, { email: JULIEN });
    expect((second.tokens!.claims()!.roles as { code: string }[]).map((r) => r.code)).toEqual(["lecteur"]);
  });

  it("le jeton de rafraîchissement tourne : l'ancien est refusé après usage", async () => {
    const rp = await relyingParty(issuer, rpTest);
    const { tokens } = await codeFlow(rp, new Browser(), rpTest, { email: JULIEN });
    const first = tokens!.refresh_token!;
    expect(first).toBeTruthy();
    const next = await oidc.refreshTokenGrant(rp, first);
    expect(next.refresh_token).toBeTruthy();
    expect(next.refresh_token).not.toBe(first);
    expect(next.claims()?.sub).toBe(userId(JULIEN));
    await expect(oidc.refreshTokenGrant(rp, first)).rejects.toMatchObject({ error: "invalid_grant" });
  });

  it("le même jeton de rafraîchissement présenté deux fois à la fois : une seule rotation aboutit, puis la chaîne est révoquée", async () => {
    const rp = await relyingParty(issuer, rpTest);
    const { tokens } = await codeFlow(rp, new Browser(), rpTest, { email: JULIEN });
    const token = tokens!.refresh_token!;
    const both = await Promise.allSettled([oidc.refreshTokenGrant(rp, token), oidc.refreshTokenGrant(rp, token)]);
    const won = both.filter((r) => r.status === "fulfilled");
    expect(won).toHaveLength(1);
    expect(both.find((r) => r.status === "rejected")).toMatchObject({ reason: { error: "invalid_grant" } });
    // A reused refresh token revokes its grant: the winner's new token goes with it.
    const next = (won[0] as PromiseFulfilledResult<oidc.TokenEndpointResponse>).value.refresh_token!;
    await expect(oidc.refreshTokenGrant(rp, next)).rejects.toMatchObject({ error: "invalid_grant" });
  });

  it("un rafraîchissement refusé (portée non accordée) ne consomme pas le jeton", async () => {
    const rp = await relyingParty(issuer, rpTest);
    const { tokens } = await codeFlow(rp, new Browser(), rpTest, { email: JULIEN });
    const token = tokens!.refresh_token!;
    await expect(oidc.refreshTokenGrant(rp, token, { scope: "openid offline_access" })).rejects.toMatchObject({ error: "invalid_scope" });
    const next = await oidc.refreshTokenGrant(rp, token);
    expect(next.refresh_token).toBeTruthy();
    await expect(oidc.refreshTokenGrant(rp, token)).rejects.toMatchObject({ error: "invalid_grant" });
  });

  it("introspection et révocation d'un jeton d'accès", async () => {
    const rp = await relyingParty(issuer, rpTest);
    const { tokens } = await codeFlow(rp, new Browser(), rpTest, { email: JULIEN });
    const active = await oidc.tokenIntrospection(rp, tokens!.access_token);
    expect(active).toMatchObject({ active: true, client_id: "rp-test", sub: userId(JULIEN) });
    await oidc.tokenRevocation(rp, tokens!.access_token);
    expect((await oidc.tokenIntrospection(rp, tokens!.access_token)).active).toBe(false);
    await oidc.tokenRevocation(rp, tokens!.refresh_token!);
    await expect(oidc.refreshTokenGrant(rp, tokens!.refresh_token!)).rejects.toMatchObject({ error: "invalid_grant" });
  });

  it("client credentials : un jeton JWT pour l'API d'administration, vérifié avec les clés de la table SigningKey", async () => {
    const { prisma } = server.db;
    const backoffice = await registerClient(prisma, server.box, {
      code: "backoffice",
      grantTypes: ["client_credentials"],
      scopes: ["aia:admin"],
    });
    const rp = await relyingParty(issuer, backoffice);
    const api = `${issuer}/api/v1`;
    const { access_token } = await oidc.clientCredentialsGrant(rp, { scope: "aia:admin", resource: api });

    const keys = await prisma.signingKey.findMany({ where: { status: { in: ["CURRENT", "PREVIOUS"] } } });
    const { payload } = await jwtVerify(access_token, createLocalJWKSet({ keys: keys.map((k) => k.publicJwk as any) }), {
      issuer,
      audience: api,
      typ: "at+jwt",
    });
    expect(payload).toMatchObject({ client_id: "backoffice", scope: "aia:admin" });
    expect(payload.sub).toBeUndefined();
    expect(payload.jti).toBeTruthy();
    expect(keys.map((k) => k.kid)).toContain(decodeProtectedHeader(access_token).kid);
    expect(decodeProtectedHeader(access_token).alg).toBe("ES256"); // the API's tokens: it verifies them itself

    // Only the scopes of its Application row; BIP has no access to the API at all.
    await expect(oidc.clientCredentialsGrant(rp, { scope: "aia", resource: api })).rejects.toMatchObject({ error: "invalid_scope" });
    const bipRp = await relyingParty(issuer, bip);
    await expect(oidc.clientCredentialsGrant(bipRp, { resource: api })).rejects.toMatchObject({ error: "invalid_target" });
  });

  it("la console AIA admet tout compte actif et obtient un jeton pour l'API (scope aia)", async () => {
    const console_ = { clientId: "aia-console", redirectUri: `${issuer}/aia/callback` };
    const rp = await relyingParty(issuer, console_);
    const api = `${issuer}/api/v1`;
    const { tokens } = await codeFlow(
      rp,
      new Browser(),
      console_,
      { email: AGENT_SANS_ROLE },
      { scope: "openid profile email aia", resource: api },
    );
    const keys = await server.db.prisma.signingKey.findMany({ where: { status: { in: ["CURRENT", "PREVIOUS"] } } });
    const { payload } = await jwtVerify(tokens!.access_token, createLocalJWKSet({ keys: keys.map((k) => k.publicJwk as any) }), {
      issuer,
      audience: api,
    });
    expect(payload).toMatchObject({ sub: userId(AGENT_SANS_ROLE), client_id: "aia-console", scope: expect.stringContaining("aia") });
    expect(tokens!.claims()!.roles).toEqual([]);
  });

  it("je me déconnecte : confirmation en français, retour à l'application, déconnexion back-channel reçue par chaque application de la session", async () => {
    const browser = new Browser();
    const rp = await relyingParty(issuer, rpTest);
    const { tokens } = await codeFlow(rp, browser, rpTest, { email: JULIEN });
    const before = receiver.received.length;

    const end = oidc.buildEndSessionUrl(rp, { id_token_hint: tokens!.id_token!, post_logout_redirect_uri: "http://127.0.0.1:9/rp-test/" });
    const confirm = await browser.navigate(end);
    expect(confirm.status).toBe(200);
    expect(confirm.body).toContain("Souhaitez-vous vraiment vous déconnecter");
    const action = /<form id="op.logoutForm" method="post" action="([^"]+)"/.exec(confirm.body)![1]!;
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(confirm.body)![1]!;
    const done = await browser.navigate(new URL(action, confirm.url), {
      form: { xsrf, logout: "yes" },
      stopAt: "http://127.0.0.1:9/rp-test/",
    });
    expect(done.stoppedAt?.href).toBe("http://127.0.0.1:9/rp-test/");

    const received = await receiver.waitFor(before + 1);
    const { payload } = await jwtVerify(received[before]!, createRemoteJWKSet(new URL(rp.serverMetadata().jwks_uri!)), {
      issuer,
      audience: "rp-test",
    });
    expect(payload.sub).toBe(userId(JULIEN));
    expect(payload.sid).toBe(tokens!.claims()!.sid);
    expect(payload.events).toHaveProperty(["http://schemas.openid.net/event/backchannel-logout"]);

    await expect(oidc.refreshTokenGrant(rp, tokens!.refresh_token!)).rejects.toMatchObject({ error: "invalid_grant" });
    const portal = await browser.navigate(`${issuer}/`);
    expect(portal.body).toContain("Se connecter");
  });

  it("le portail : après connexion, une tuile par application autorisée, l'AIA, le nom de l'agent et « Déconnexion »", async () => {
    const browser = new Browser();
    const anonymous = await browser.navigate(`${issuer}/`);
    expect(anonymous.body).toContain("Se connecter");
    expect(anonymous.body).not.toContain("Annuaire des Identités et des Accès");

    const form = await browser.navigate(`${issuer}/connexion`);
    expect(form.body).toContain("Adresse e-mail");
    expect(form.body).toContain("Mot de passe");
    expect(form.body).toContain("Se connecter");
    expect(form.body).toContain('href="/premiere-visite">Première visite ?');
    expect(form.body).toContain('href="/mot-de-passe-oublie">Mot de passe oublié ?');
    const action = /<form method="post" action="([^"]+)"/.exec(form.body)![1]!;
    const home = await browser.navigate(new URL(action, form.url), { form: { email: JULIEN, password: "Un-mot-de-passe-de-test-2026" } });
    expect(home.url.pathname).toBe("/");
    expect(home.body).toContain("Julien PETIT");
    expect(home.body).toContain("Déconnexion");
    for (const tile of ["Annuaire des Identités et des Accès", "BIP", "Net-CAP", "Application rp-test"])
      expect(home.body).toContain(`<span class="name">${tile}</span>`);
    expect(home.body).not.toContain("Net-Cotisations");
    expect(home.body).toContain(`href="${server.config.DEMO_RP_URL}/"`);
  });
});
