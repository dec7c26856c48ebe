import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { M, M_COMPTA, S_AGRH, S_PAIE, sharedAccounts } from "../../../test/api/shared-accounts.js";

let t: Awaited<ReturnType<typeof sharedAccounts>>;
beforeAll(async () => {
  t = await sharedAccounts();
});
afterAll(async () => {
  await t?.server.stop();
});

describe("Je modifie les informations d'un utilisateur de ma collectivité/mon établissement", () => {
  it("le référent de la structure d'appartenance modifie ; celui d'une autre structure de l'agent, non", async () => {
    const p = await t.person(M_COMPTA, S_PAIE);
    const mine = await t.actors.montreuil("PATCH", `/users/${p.id}`, { fonction: "Comptable", version: 1 });
    expect(mine.status).toBe(200);
    expect(mine.data.fonction).toBe("Comptable");
    const other = await t.actors.lhay("PATCH", `/users/${p.id}`, { fonction: "Pirate", version: 2 });
    expect(other.status).toBe(403);
    expect((await t.actors.lhay("GET", `/users/${p.id}`)).data.permissions.editIdentity).toBe(false);
  });

  it("la permission avant la précondition : sans version, un référent hors de la structure d'appartenance reçoit 403, pas 428", async () => {
    const p = await t.person(M_COMPTA, S_PAIE);
    expect((await t.actors.lhay("PATCH", `/users/${p.id}`, { fonction: "x" })).status).toBe(403);
    expect((await t.actors.montreuil("PATCH", `/users/${p.id}`, { fonction: "x" })).status).toBe(428);
    // Not seen at all: 404, audited.
    const alone = await t.person(M_COMPTA, null);
    const before = await t.server.db.prisma.auditEvent.count({ where: { outcome: "denied", targetId: alone.id } });
    expect((await t.actors.lhay("PATCH", `/users/${alone.id}`, { fonction: "x" })).status).toBe(404);
    expect(await t.server.db.prisma.auditEvent.count({ where: { outcome: "denied", targetId: alone.id } })).toBe(before + 1);
  });

  it("changer de structure d'appartenance demande les droits sur l'ancienne et la nouvelle", async () => {
    const p = await t.person(S_PAIE, null);
    expect((await t.actors.lhay("PATCH", `/users/${p.id}`, { structureId: M, version: 1 })).status).toBe(403);
    const moved = await t.actors.lhay("PATCH", `/users/${p.id}`, { structureId: S_AGRH, version: 1 });
    expect(moved.data.structure.id).toBe(S_AGRH);
  });
});
