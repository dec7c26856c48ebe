import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIP_CONSULT, M, M_COMPTA, S, S_PAIE, sharedAccounts } from "../../../test/api/shared-accounts.js";

let t: Awaited<ReturnType<typeof sharedAccounts>>;
beforeAll(async () => {
  t = await sharedAccounts();
});
afterAll(async () => {
  await t?.server.stop();
});

describe("Je supprime le compte d'un agent utilisateur", () => {
  it("« Supprimer l'utilisateur » d'un agent partagé le retire de ma collectivité : Montreuil le garde, avec son rôle", async () => {
    const p = await t.person(M_COMPTA, S_PAIE);
    const card = await t.actors.lhay("GET", `/users/${p.id}`);
    expect(card.data.permissions.remove).toBe("detach");
    const res = await t.actors.lhay("DELETE", `/users/${p.id}`);
    expect(res.data.message).toBe(`L'utilisateur a été retiré de ${card.data.structure.name}.`);
    expect(await t.parts(p.id)).toMatchObject({ user: { structureId: M_COMPTA }, memberships: [], roles: [`${BIP_CONSULT}@${M}`] });
    expect((await t.actors.lhay("GET", `/users/${p.id}`)).status).toBe(404);
    expect((await t.actors.montreuil("GET", `/users/${p.id}`)).data.roles.map((r: any) => r.structure.id)).toEqual([M]);
  });

  it("quand sa structure d'appartenance est chez moi, une autre de ses structures la remplace", async () => {
    const p = await t.person(S_PAIE, M_COMPTA);
    expect((await t.actors.lhay("DELETE", `/users/${p.id}`)).status).toBe(200);
    expect(await t.parts(p.id)).toMatchObject({ user: { structureId: M_COMPTA }, memberships: [], roles: [`${BIP_CONSULT}@${M}`] });
  });

  it("le compte est effacé quand il ne lui reste plus rien, ou par un administrateur CIG", async () => {
    const alone = await t.person(S_PAIE, null);
    expect((await t.actors.lhay("GET", `/users/${alone.id}`)).data.permissions.remove).toBe("erase");
    expect((await t.actors.lhay("DELETE", `/users/${alone.id}`)).data.message).toBe("L'utilisateur a été supprimé.");
    expect((await t.parts(alone.id)).user).toBeNull();
    const shared = await t.person(S_PAIE, M_COMPTA);
    expect((await t.actors.cig("DELETE", `/users/${shared.id}`)).status).toBe(200);
    expect((await t.parts(shared.id)).user).toBeNull();
  });

  it("un référent n'efface pas le compte d'une personne qui détient un mandat", async () => {
    const p = await t.person(S_PAIE, null, { mandateOn: S });
    expect((await t.actors.lhay("GET", `/users/${p.id}`)).data.permissions.remove).toBeNull();
    expect((await t.actors.lhay("DELETE", `/users/${p.id}`)).status).toBe(403);
    expect((await t.parts(p.id)).user).not.toBeNull();
  });
});
