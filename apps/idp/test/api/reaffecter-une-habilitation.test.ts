// « Je réaffecte une habilitation »: the endpoint reaffecterUneHabilitation (packages/contract
// endpoints.ts), the use case reaffecter (src/api/use-cases/habiliter.ts), the console's
// ReassignDialog, and this test — driven through the typed client of the endpoint table.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applicationId, roleId, userId } from "../../src/db/seed.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { providerTokens } from "./provider-tokens.js";
import { endpoints } from "./support.js";

const BIP = applicationId("bip");
const CONSULTATION = roleId("bip", "consultation");
const GESTIONNAIRE = roleId("bip", "gestionnaire");
const JULIEN = userId("julien.petit@lhaylesroses.fr");

let server: TestServer;
let wonder: ReturnType<typeof endpoints>;

beforeAll(async () => {
  server = await startTestServer();
  wonder = endpoints(server, await (await providerTokens(server)).forUser("wonder.woman@yopmail.com"));
});
afterAll(async () => {
  await server?.stop();
});

const members = async (role: string) =>
  (await wonder("membresDUnRole", { params: { id: BIP, roleId: role } })).data!.items.map((m) => m.user.id);

describe("Je réaffecte une habilitation", () => {
  it("« Réaffecter le membre à un autre rôle » : Julien Petit passe de Consultation BIP à Gestionnaire BIP", async () => {
    expect(await members(CONSULTATION)).toContain(JULIEN);
    const res = await wonder("reaffecterUneHabilitation", {
      params: { id: BIP, roleId: CONSULTATION, userId: JULIEN },
      body: { toRoleId: GESTIONNAIRE },
    });
    expect(res.status).toBe(200);
    expect(res.data!.message).toBe("Le membre a été réaffecté à un autre rôle.");
    expect(await members(CONSULTATION)).not.toContain(JULIEN);
    expect(await members(GESTIONNAIRE)).toContain(JULIEN);
  });

  it("un rôle d'une autre application est refusé, avec le message de la table des erreurs", async () => {
    const res = await wonder("reaffecterUneHabilitation", {
      params: { id: BIP, roleId: GESTIONNAIRE, userId: JULIEN },
      body: { toRoleId: roleId("netcap", "consultation") },
    });
    expect(res.status).toBe(400);
    expect(res.problem).toMatchObject({
      code: "ROLE_OTHER_APPLICATION",
      detail: "Un membre ne peut être réaffecté qu'à un autre rôle de la même application.",
    });
    expect(await members(GESTIONNAIRE)).toContain(JULIEN);
  });
});
