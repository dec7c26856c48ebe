import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import { api, signer } from "./support.js";
import { providerTokens } from "./provider-tokens.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

describe("l'API accepte les jetons que notre fournisseur émet pour elle, et rien d'autre", () => {
  it("un référent connecté à la console, et un client back-office du CIG (client credentials)", async () => {
    const tokens = await providerTokens(server);
    const me = await api(server, await tokens.forUser("wonder.woman@yopmail.com"))("GET", "/me");
    expect(me.status).toBe(200);
    expect(me.data.profile.email).toBe("wonder.woman@yopmail.com");
    expect(me.data.administeredApplications.map((a: { code: string }) => a.code).sort()).toEqual(["bip", "netcap"]);
    const admin = api(server, await tokens.forAdminClient());
    const list = await admin("GET", "/users?pageSize=200");
    expect(list.status).toBe(200);
    expect(list.data.total).toBeGreaterThanOrEqual(10);
    expect((await admin("GET", "/mandates")).status).toBe(200);
  });

  it("Verrouillage du compte : les sessions et autorisations de l'agent sont révoquées aussitôt", async () => {
    const tokens = await providerTokens(server);
    await tokens.forUser("julien.petit@lhaylesroses.fr");
    const julien = await server.db.prisma.user.findUniqueOrThrow({ where: { emailLower: "julien.petit@lhaylesroses.fr" } });
    expect(await server.db.prisma.oidcPayload.count({ where: { accountId: julien.id } })).toBeGreaterThan(0);
    const wonder = api(server, await tokens.forUser("wonder.woman@yopmail.com"));
    expect((await wonder("POST", `/users/${julien.id}/lock`, { reason: "Départ" })).status).toBe(200);
    expect(await server.db.prisma.oidcPayload.count({ where: { accountId: julien.id } })).toBe(0);
  });

  it("un client d'administration (client credentials) désactivé, dont le secret a changé ou supprimé perd l'API à sa requête suivante", async () => {
    const cig = api(server, await (await providerTokens(server)).forUser("correspondantcig@cig929394.fr"));
    for (const change of ["disable", "rotate", "delete"] as const) {
      const tokens = await providerTokens(server);
      const client = api(server, await tokens.forAdminClient());
      expect((await client("GET", "/mandates")).status).toBe(200);
      const appId = tokens.backOffice.applicationId;
      if (change === "disable") {
        const current = await cig("GET", `/applications/${appId}`);
        expect((await cig("PATCH", `/applications/${appId}`, { enabled: false, version: current.data.version })).status).toBe(200);
      } else if (change === "rotate") {
        expect((await cig("POST", `/applications/${appId}/secret`)).status).toBe(200);
      } else {
        expect((await cig("DELETE", `/applications/${appId}`)).status).toBe(200);
      }
      const after = await client("GET", "/mandates");
      expect({ change, status: after.status, code: after.data.code }).toEqual({ change, status: 401, code: "TOKEN_INVALID" });
    }
    // A token naming a client that does not exist, or without the secret's fingerprint, never worked.
    const s = await signer(server);
    expect((await api(server, await s.forAdminClient())("GET", "/mandates")).status).toBe(200);
    expect((await api(server, await s.sign({ client_id: "inconnu", scope: "aia:admin" }))("GET", "/mandates")).status).toBe(401);
    expect((await api(server, await s.sign({ client_id: "cig-backoffice", scope: "aia:admin" }))("GET", "/mandates")).status).toBe(401);
    expect(
      (
        await api(server, await s.sign({ client_id: "cig-backoffice", scope: "aia:admin", csf: "AAAAAAAAAAAAAAAAAAAAAA" }))(
          "GET",
          "/mandates",
        )
      ).status,
    ).toBe(401);
  });

  it("un jeton d'une autre audience ou d'un autre émetteur, expiré, ou non signé par nos clés est refusé", async () => {
    const s = await signer(server);
    const sub = { sub: "f548fc17-0ad9-55d5-b609-c4fb7e854bf9", client_id: "aia-console", scope: "aia" };
    for (const token of [
      await s.sign(sub, { aud: "https://ailleurs.example/api" }),
      await s.sign(sub, { iss: "https://faux.example" }),
      await s.sign(sub, { exp: "-1m" }),
      await s.sign({ ...sub, scope: "openid" }),
      "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.",
    ]) {
      const r = await api(server, token)("GET", "/me");
      expect(r.status).toBe(401);
      expect(r.data.code).toBe("TOKEN_INVALID");
    }
    expect((await api(server, null)("GET", "/me")).data.code).toBe("UNAUTHENTICATED");
  });

  it("un compte verrouillé perd l'API aussitôt, quoi que dise son jeton", async () => {
    const s = await signer(server);
    const token = await s.forUser("karim.benali@vitry.fr");
    expect((await api(server, token)("GET", "/me")).status).toBe(200);
    await server.db.prisma.user.update({ where: { email: undefined, emailLower: "karim.benali@vitry.fr" }, data: { locked: true } });
    expect((await api(server, token)("GET", "/me")).status).toBe(401);
  });
});
