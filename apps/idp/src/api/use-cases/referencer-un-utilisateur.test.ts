import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIP_CONSULT, M, M_COMPTA, S, S_PAIE, sharedAccounts } from "../../../test/api/shared-accounts.js";

let t: Awaited<ReturnType<typeof sharedAccounts>>;
beforeAll(async () => {
  t = await sharedAccounts();
});
afterAll(async () => {
  await t?.server.stop();
});

describe("Je référence un utilisateur appartenant à la structure dont je suis référent désigné", () => {
  it("« Vérifier l'adresse mail » : le statut et le chemin de la structure, jamais l'identifiant ni les noms", async () => {
    const p = await t.person(M_COMPTA, null);
    const check = await t.actors.lhay("POST", "/users/email-check", { email: p.email.toUpperCase() });
    expect(check.data).toEqual({
      status: "exists",
      message: `${p.email} existe déjà dans la structure Service comptabilité : ${check.data.structure.path}`,
      structure: { name: "Service comptabilité", path: expect.stringMatching(/Montreuil \/ .*Service comptabilité$/) },
    });
    expect(JSON.stringify(check.data)).not.toContain(p.id);
    expect((await t.actors.montreuil("POST", "/users/email-check", { email: p.email })).data.status).toBe("exists-in-my-scope");
  });

  it("Cas des utilisateurs multi-structure : rattacher par l'email donne le rattachement, pas le compte", async () => {
    const p = await t.person(M_COMPTA, null);
    const card = await t.actors.lhay("POST", "/users/attach", { email: p.email, structureId: S_PAIE });
    expect(card.status).toBe(201);
    expect(card.data).toMatchObject({ id: p.id, structure: { id: S_PAIE }, isHome: false, alsoElsewhere: true, otherStructures: [] });
    expect(card.data.roles.map((r: any) => r.structure.id)).toEqual([S]);
    expect(card.data.permissions).toMatchObject({ editIdentity: false, lock: false, resetPassword: false, remove: "detach" });
    expect((await t.actors.lhay("POST", "/users/attach", { email: p.email, structureId: S_PAIE })).data.code).toBe("ALREADY_MEMBER");
    // Outside his scope: refused and audited, nothing stored.
    const out = await t.actors.lhay("POST", "/users/attach", { email: p.email, structureId: M });
    expect(out.status).toBe(403);
    expect((await t.parts(p.id)).memberships).toEqual([S_PAIE]);
  });

  it("créer un utilisateur avec ses rôles : le rôle est tenu pour la collectivité du référent, dans la même transaction que le compte et le mail", async () => {
    const email = "nouvel.agent@lhaylesroses.fr";
    const res = await t.actors.lhay("POST", "/users", {
      email,
      lastName: "NOUVEL",
      firstName: "Agent",
      structureId: S_PAIE,
      roles: [{ roleId: BIP_CONSULT }],
    });
    expect(res.status).toBe(201);
    expect(res.data.roles.map((r: any) => r.structure.id)).toEqual([S]);
    expect(await t.server.db.prisma.mailOutbox.count({ where: { to: email } })).toBe(1);
    const refused = await t.actors.lhay("POST", "/users", {
      email: "autre@lhaylesroses.fr",
      lastName: "A",
      firstName: "B",
      structureId: S_PAIE,
      roles: [{ roleId: BIP_CONSULT, structureId: M }],
    });
    expect(refused.status).toBe(403);
    expect(await t.server.db.prisma.user.count({ where: { emailLower: "autre@lhaylesroses.fr" } })).toBe(0);
    expect(await t.server.db.prisma.mailOutbox.count({ where: { to: "autre@lhaylesroses.fr" } })).toBe(0);
  });
});
