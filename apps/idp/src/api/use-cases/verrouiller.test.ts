import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { M_COMPTA, S, S_PAIE, sharedAccounts } from "../../../test/api/shared-accounts.js";

let t: Awaited<ReturnType<typeof sharedAccounts>>;
beforeAll(async () => {
  t = await sharedAccounts();
});
afterAll(async () => {
  await t?.server.stop();
});

describe("Verrouillage du compte", () => {
  it("seul le référent de la structure d'appartenance verrouille ; jamais une personne qui détient plus d'autorité", async () => {
    const p = await t.person(M_COMPTA, S_PAIE);
    expect((await t.actors.lhay("POST", `/users/${p.id}/lock`, { reason: "x" })).status).toBe(403);
    expect((await t.parts(p.id)).user!.locked).toBe(false);
    expect((await t.actors.montreuil("POST", `/users/${p.id}/lock`, { reason: "Départ" })).status).toBe(200);
    expect((await t.parts(p.id)).user!.locked).toBe(true);
    expect((await t.actors.montreuil("POST", `/users/${p.id}/unlock`)).status).toBe(200);
    const referent = await t.person(S_PAIE, null, { mandateOn: S });
    expect((await t.actors.lhay("POST", `/users/${referent.id}/lock`, {})).status).toBe(403);
    expect((await t.actors.cig("POST", `/users/${referent.id}/lock`, {})).status).toBe(200);
  });
});
