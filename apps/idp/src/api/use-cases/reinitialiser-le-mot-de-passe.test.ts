import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { M_COMPTA, S_PAIE, sharedAccounts } from "../../../test/api/shared-accounts.js";

let t: Awaited<ReturnType<typeof sharedAccounts>>;
beforeAll(async () => {
  t = await sharedAccounts();
});
afterAll(async () => {
  await t?.server.stop();
});

describe("Réinitialisation mot de passe", () => {
  it("le lien part à l'agent quand le référent de sa structure d'appartenance le demande, pas quand un autre le tente", async () => {
    const p = await t.person(M_COMPTA, S_PAIE);
    expect((await t.actors.lhay("POST", `/users/${p.id}/password-reset`)).status).toBe(403);
    expect(await t.server.db.prisma.mailOutbox.count({ where: { to: p.email } })).toBe(0);
    expect((await t.actors.montreuil("POST", `/users/${p.id}/password-reset`)).status).toBe(200);
    expect(await t.server.db.prisma.mailOutbox.count({ where: { to: p.email } })).toBe(1);
    expect(
      await t.server.db.prisma.auditEvent.count({ where: { action: "user.password-reset", outcome: "allowed", targetId: p.id } }),
    ).toBe(1);
  });
});
