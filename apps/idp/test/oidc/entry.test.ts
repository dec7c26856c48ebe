// Contrôle d'entrée : only agents with a role on an application enter it; an account locked, not yet
// valid, past its end date, deleted or without its last role is refused at login and its refresh
// token stops working.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as oidc from "openid-client";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { startTestServer, type TestServer } from "../support/server.js";
import { databaseKind } from "../support/database.js";
import { userId } from "../../src/db/seed.js";
import { revokeUserSessions } from "../../src/oidc/revoke.js";
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

const AMINA = "amina.diallo@lhaylesroses.fr"; // Net-Cotisations only; référente of L'Haÿ for BIP: Wonder WOMAN
/** One agent per test, each given a role on the test application. */
const PEOPLE = [
  "lea.moreau@nanterre.fr",
  "karim.benali@vitry.fr",
  "marc.lefebvre@montreuil.fr",
  "julien.petit@lhaylesroses.fr",
  "paul.durand@montreuil.fr",
  "sophie.bernard@nanterre.fr",
  "simple.agent@creteil.fr",
];

describe(`Contrôle d'entrée et état du compte (${databaseKind})`, () => {
  let server: TestServer;
  let issuer: string;
  let app: TestClient;
  let receiver: Awaited<ReturnType<typeof backchannelReceiver>>;

  beforeAll(async () => {
    server = await startTestServer();
    issuer = server.config.PUBLIC_URL;
    const { prisma } = server.db;
    receiver = await backchannelReceiver();
    app = await registerClient(prisma, server.box, { code: "rp-etat", roles: ["agent"], backchannelLogoutUri: receiver.uri });
    for (const email of [AMINA, ...PEOPLE]) await setPassword(prisma, email);
    for (const email of PEOPLE) await grantRole(prisma, email, app, "agent");
  }, 60_000);

  afterAll(async () => {
    await receiver?.close();
    await server?.stop();
  });

  /** Signs in to rp-etat and returns a working refresh token. */
  async function signedIn(email: string) {
    const rp = await relyingParty(issuer, app);
    const { tokens } = await codeFlow(rp, new Browser(), app, { email });
    expect(tokens?.refresh_token).toBeTruthy();
    return { rp, tokens: tokens! };
  }

  async function loginPage(email: string) {
    const rp = await relyingParty(issuer, app);
    return codeFlow(rp, new Browser(), app, { email });
  }

  it("un agent sans rôle sur BIP est refusé par une page en français qui nomme son référent", async () => {
    const rp = await relyingParty(issuer, { clientId: "bip", secret: "x" });
    const { refused } = await codeFlow(rp, new Browser(), { redirectUri: `${server.config.DEMO_RP_URL}/callback` }, { email: AMINA });
    expect(refused?.status).toBe(403);
    expect(refused?.body).toContain("Vous n'êtes pas habilité à accéder à cette application");
    expect(refused?.body).toContain("Wonder WOMAN");
    expect(refused?.body).toContain("wonder.woman@yopmail.com");
    expect(refused?.body).toContain("Retour au portail");
  });

  for (const [state, change, message] of [
    ["verrouillé", { locked: true, lockedReason: "départ" }, "Votre compte est verrouillé"],
    // Validity dates are days (stored as their midnight UTC); two days away is another day in Paris whatever the hour.
    ["pas encore valide", { validFrom: new Date(Date.now() + 2 * 86_400_000) }, "pas encore actif"],
    ["arrivé à sa date de fin", { validUntil: new Date(Date.now() - 2 * 86_400_000) }, "plus actif"],
  ] as const) {
    it(`un compte ${state} est refusé à la connexion et son jeton de rafraîchissement ne fonctionne plus`, async () => {
      const email = PEOPLE.shift()!;
      const { rp, tokens } = await signedIn(email);
      await server.db.prisma.user.update({ where: { id: userId(email) }, data: change });
      // No revocation call here: the token endpoint itself checks the account's state.
      await expect(oidc.refreshTokenGrant(rp, tokens.refresh_token!)).rejects.toMatchObject({ error: "invalid_grant" });
      const { refused } = await loginPage(email);
      expect(refused?.status).toBe(403);
      expect(refused?.body).toContain(message);
    });
  }

  it("le retrait du dernier rôle : le rafraîchissement échoue et l'entrée est refusée", async () => {
    const email = PEOPLE.shift()!;
    const { rp, tokens } = await signedIn(email);
    await server.db.prisma.roleAssignment.deleteMany({ where: { userId: userId(email), role: { applicationId: app.applicationId } } });
    await expect(oidc.refreshTokenGrant(rp, tokens.refresh_token!)).rejects.toMatchObject({ error: "invalid_grant" });
    const { refused } = await loginPage(email);
    expect(refused?.body).toContain("Vous n'êtes pas habilité à accéder à cette application");
  });

  it("revokeUserSessions efface sessions et jetons et prévient les applications par back-channel", async () => {
    const email = PEOPLE.shift()!;
    const { rp, tokens } = await signedIn(email);
    const before = receiver.received.length;
    const result = await revokeUserSessions(server, userId(email));
    expect(result.deleted).toBeGreaterThan(0);
    expect(result.notified).toBe(1);
    await expect(oidc.refreshTokenGrant(rp, tokens.refresh_token!)).rejects.toMatchObject({ error: "invalid_grant" });
    const received = await receiver.waitFor(before + 1);
    const { payload } = await jwtVerify(received[before]!, createRemoteJWKSet(new URL(`${issuer}/jwks`)), { issuer, audience: "rp-etat" });
    expect(payload.sub).toBe(userId(email));
    const left = await server.db.prisma.oidcPayload.count({ where: { accountId: userId(email) } });
    expect(left).toBe(0);
  });

  it("un compte verrouillé puis déverrouillé : le rafraîchissement refusé entre-temps n'a pas consommé le jeton", async () => {
    const email = PEOPLE.shift()!;
    const { rp, tokens } = await signedIn(email);
    await server.db.prisma.user.update({ where: { id: userId(email) }, data: { locked: true, lockedReason: "vérification" } });
    await expect(oidc.refreshTokenGrant(rp, tokens.refresh_token!)).rejects.toMatchObject({ error: "invalid_grant" });
    await server.db.prisma.user.update({ where: { id: userId(email) }, data: { locked: false, lockedReason: null } });
    const next = await oidc.refreshTokenGrant(rp, tokens.refresh_token!);
    expect(next.claims()?.sub).toBe(userId(email));
  });

  it("un compte supprimé : son jeton de rafraîchissement ne fonctionne plus", async () => {
    const { rp, tokens } = await signedIn(PEOPLE.shift()!);
    const sub = tokens.claims()!.sub;
    await server.db.prisma.user.delete({ where: { id: sub } });
    await expect(oidc.refreshTokenGrant(rp, tokens.refresh_token!)).rejects.toMatchObject({ error: "invalid_grant" });
  });
});
