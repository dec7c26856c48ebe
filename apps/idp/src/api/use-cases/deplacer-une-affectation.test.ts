import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIP_CONSULT, M, M_COMPTA, M_RH, S_AGRH, S_PAIE, sharedAccounts } from "../../../test/api/shared-accounts.js";

let t: Awaited<ReturnType<typeof sharedAccounts>>;
beforeAll(async () => {
  t = await sharedAccounts();
});
afterAll(async () => {
  await t?.server.stop();
});

describe("Déplacer une affectation", () => {
  it("je déplace l'affectation que j'ai donnée, dans mes structures ; pas celle de l'autre collectivité", async () => {
    const p = await t.person(M_COMPTA, S_PAIE);
    const moved = await t.actors.lhay("POST", `/users/${p.id}/structures/${S_PAIE}/move`, { toStructureId: S_AGRH });
    expect(moved.status).toBe(200);
    expect(await t.parts(p.id)).toMatchObject({ user: { structureId: M_COMPTA }, memberships: [S_AGRH] });
    // Montreuil's membership is not his: unknown to him.
    expect((await t.actors.lhay("POST", `/users/${p.id}/structures/${M_COMPTA}/move`, { toStructureId: S_PAIE })).status).toBe(404);
    // Into another body: rights on both.
    expect((await t.actors.lhay("POST", `/users/${p.id}/structures/${S_AGRH}/move`, { toStructureId: M_RH })).status).toBe(403);
    expect((await t.parts(p.id)).memberships).toEqual([S_AGRH]);
  });

  it("retirer d'une structure la dernière affectation de mon périmètre : un message, rien de l'autre collectivité", async () => {
    const p = await t.person(M_COMPTA, S_PAIE);
    const res = await t.actors.lhay("DELETE", `/users/${p.id}/structures/${S_PAIE}`);
    expect(res.status).toBe(200);
    expect(Object.keys(res.data)).toEqual(["message"]);
    expect(JSON.stringify(res.data)).not.toMatch(/Montreuil|comptabilit/i);
    // The BIP role held for L'Haÿ-les-Roses goes with its last membership there; Montreuil's stays.
    expect(await t.parts(p.id)).toMatchObject({ user: { structureId: M_COMPTA }, memberships: [], roles: [`${BIP_CONSULT}@${M}`] });
  });
});
