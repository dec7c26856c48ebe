// DESIGN.md « Who may do what »: a référent manages his structure's sub-tree and nothing else. The
// console does not show what lies outside, and the API refuses it even when the address is forged.
import { describe, it } from "vitest";
import { useWorld } from "../support/world.js";
import { expect } from "../support/expect.js";
import { consoleAccessToken, signInToConsole } from "../support/sign-in.js";
import { JULIEN, MARC, PAUL } from "../support/people.js";
import { userId } from "../../apps/idp/src/db/seed.js";

const world = useWorld();

describe("Cloisonnement des référents", () => {
  it("Le référent de Montreuil ne voit que les agents de sa structure et ne peut pas ouvrir la fiche d'un agent de L'Haÿ-les-Roses", async () => {
    const page = await world.newPage();
    const token = await consoleAccessToken(page, () => signInToConsole(page, world.baseUrl, PAUL));
    await page.getByRole("link", { name: "Utilisateurs" }).click();
    await page.getByRole("button", { name: "Charger tous les utilisateurs" }).click();
    const table = page.getByRole("table", { name: "Liste des utilisateurs" });
    await expect(table.getByRole("link", { name: "LEFEBVRE" })).toBeVisible();
    const paths = await table.getByRole("row").allInnerTexts();
    expect(paths.slice(1).every((row) => /Montreuil/.test(row))).toBe(true);
    expect(paths.join("\n")).not.toMatch(/PETIT|WOMAN|L'Haÿ/);

    // Searching for an agent of another body finds nobody.
    await page.getByRole("textbox", { name: "Filtrer" }).fill("petit");
    await expect(table.getByText("Aucun utilisateur ne correspond.")).toBeVisible();

    // A forged address of Julien PETIT's card: the API refuses, the screen says so, nothing leaks.
    const julien = userId(JULIEN);
    await page.goto(`${world.baseUrl}/aia/utilisateurs/${julien}`);
    await expect(page.getByRole("alert")).toBeVisible();
    await expect(page.getByRole("main")).not.toContainText("Julien");
    await expect(page.getByRole("button", { name: "Éditer l'utilisateur" })).toHaveCount(0);

    // The same refusals from the API itself, with the console's own token.
    const api = (path: string, init: RequestInit = {}) =>
      fetch(`${world.baseUrl}/api/v1${path}`, {
        ...init,
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", ...init.headers },
      });
    expect([403, 404]).toContain((await api(`/users/${julien}`)).status);
    expect([403, 404]).toContain((await api(`/users/${julien}`, { method: "PATCH", body: JSON.stringify({ fonction: "Piraté" }) })).status);
    expect([403, 404]).toContain((await api(`/users/${julien}`, { method: "DELETE" })).status);
    const before = await world.db.prisma.user.findUniqueOrThrow({ where: { emailLower: JULIEN } });
    expect(before.fonction).not.toBe("Piraté");
    // His own agent is reachable with the same token (the refusals above are about scope, not the token).
    expect((await api(`/users/${userId(MARC)}`)).status).toBe(200);
    // Refused attempts are written to the audit log.
    const denied = await world.db.prisma.auditEvent.count({ where: { outcome: "denied", targetId: julien } });
    expect(denied).toBeGreaterThanOrEqual(1);
  });

  it("Le référent ne voit dans « Applications » que celles dont il est administrateur", async () => {
    const page = await world.newPage();
    await signInToConsole(page, world.baseUrl, PAUL);
    await page.getByRole("link", { name: "Applications" }).click();
    const nav = page.getByRole("navigation", { name: "Applications et rôles" });
    await expect(nav.getByRole("button", { name: /^BIP/ })).toBeVisible();
    await expect(nav.getByRole("button", { name: /^Net-Cotisations/ })).toBeVisible();
    await expect(nav.getByRole("button", { name: /^Net-CAP/ })).toHaveCount(0);
  });
});
