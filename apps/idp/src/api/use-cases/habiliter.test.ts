import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applicationId } from "../../db/seed.js";
import { BIP_CONSULT, BIP_GEST, M, M_COMPTA, S, S_PAIE, sharedAccounts } from "../../../test/api/shared-accounts.js";

const BIP = applicationId("bip");
let t: Awaited<ReturnType<typeof sharedAccounts>>;
beforeAll(async () => {
  t = await sharedAccounts();
});
afterAll(async () => {
  await t?.server.stop();
});

describe("J'habilite un utilisateur sur une application du CIG", () => {
  it("le rôle est tenu pour la structure du référent, jamais pour l'autre collectivité de l'agent", async () => {
    const p = await t.person(M_COMPTA, S_PAIE);
    const res = await t.actors.lhay("POST", `/applications/${BIP}/roles/${BIP_GEST}/members`, { userIds: [p.id] });
    expect(res.data.assigned).toEqual([p.id]);
    expect((await t.parts(p.id)).roles).toContain(`${BIP_GEST}@${S}`);
    expect((await t.parts(p.id)).roles).not.toContain(`${BIP_GEST}@${M}`);
    const forM = await t.actors.lhay("POST", `/applications/${BIP}/roles/${BIP_GEST}/members`, { userIds: [p.id], structureId: M });
    expect(forM.status).toBe(403);
  });
});

describe("Je réaffecte ou je supprime une habilitation à un utilisateur sur une application du CIG", () => {
  it("« Désaffecter » retire le rôle tenu pour ma collectivité ; celui que Montreuil a accordé reste", async () => {
    const p = await t.person(M_COMPTA, S_PAIE);
    expect((await t.actors.lhay("DELETE", `/applications/${BIP}/roles/${BIP_CONSULT}/members/${p.id}`)).status).toBe(200);
    expect((await t.parts(p.id)).roles).toEqual([`${BIP_CONSULT}@${M}`]);
    // Nothing left of mine: as for an assignment that does not exist.
    expect((await t.actors.lhay("DELETE", `/applications/${BIP}/roles/${BIP_CONSULT}/members/${p.id}`)).data.code).toBe(
      "ASSIGNMENT_NOT_FOUND",
    );
  });

  it("« Réaffecter » change le rôle tenu pour ma collectivité seulement", async () => {
    const p = await t.person(S_PAIE, M_COMPTA);
    expect(
      (await t.actors.montreuil("POST", `/applications/${BIP}/roles/${BIP_CONSULT}/members/${p.id}/reassign`, { toRoleId: BIP_GEST }))
        .status,
    ).toBe(200);
    expect((await t.parts(p.id)).roles).toEqual([`${BIP_CONSULT}@${S}`, `${BIP_GEST}@${M}`].sort());
  });

  it("la liste des membres du rôle ne montre que les habilitations tenues pour mes structures", async () => {
    const p = await t.person(M_COMPTA, S_PAIE);
    const page = await t.actors.lhay("GET", `/applications/${BIP}/roles/${BIP_CONSULT}/members?pageSize=200`);
    const rows = page.data.items.filter((r: any) => r.user.id === p.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ structure: { id: S }, user: { structure: { id: S_PAIE } }, alsoElsewhere: true });
    // A role held for my collectivité by someone placed only in Montreuil: the row names my structure, not his.
    const away = await t.person(M_COMPTA, null);
    const again = await t.actors.lhay(
      "GET",
      `/applications/${BIP}/roles/${BIP_CONSULT}/members?pageSize=200&q=${away.email.split("@")[0]}`,
    );
    expect(again.data.items.map((r: any) => [r.structure.id, r.user.structure.id])).toEqual([[S, S]]);
    expect(JSON.stringify(again.data)).not.toContain(M_COMPTA);
  });
});
