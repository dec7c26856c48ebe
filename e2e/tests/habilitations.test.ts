// Guide: « J'habilite un utilisateur sur une application du CIG » and « Je réaffecte ou je supprime
// une habilitation » — menu « Applications », as the référente of L'Haÿ-les-Roses (BIP, Net-CAP).
import { beforeAll, describe, it } from "vitest";
import type { Page } from "playwright-core";
import { useWorld } from "../support/world.js";
import { expect } from "../support/expect.js";
import { signInToConsole } from "../support/sign-in.js";
import { downloadFrom, UTF8_BOM } from "../support/download.js";
import { insertAgent } from "../support/agents.js";
import { JULIEN, WONDER } from "../support/people.js";
import { roleId } from "../../apps/idp/src/db/seed.js";

const world = useWorld();
const NADIA = "nadia.rahmani@lhaylesroses.fr";

beforeAll(async () => {
  await insertAgent(world.db, { email: NADIA, firstName: "Nadia", lastName: "RAHMANI", structureCode: "94-lhay-les-roses-dg-rh-paie" });
});

/** Applications → unfold the application with its little arrow → select the role → CHARGER TOUS LES UTILISATEURS. */
async function openRole(page: Page, application: string, role: string) {
  await page.getByRole("link", { name: "Applications" }).click();
  const nav = page.getByRole("navigation", { name: "Applications et rôles" });
  const unfold = nav.getByRole("button", { name: new RegExp(`^${application}`) });
  if ((await unfold.getAttribute("aria-expanded")) !== "true") await unfold.click();
  await nav
    .getByRole("list", { name: `Rôles de ${application}` })
    .getByRole("button", { name: new RegExp(`^${role}`) })
    .click();
  await expect(page.getByRole("heading", { name: `${role} — ${application}` })).toBeVisible();
  await page.getByRole("button", { name: "Charger tous les utilisateurs" }).click();
  return page.getByRole("table", { name: "Détails de la liste des membres" });
}

const assignments = (email: string) =>
  world.db.prisma.roleAssignment
    .findMany({ where: { user: { emailLower: email } }, select: { roleId: true } })
    .then((r) => r.map((a) => a.roleId).sort());

describe("Habilitations", () => {
  it("J'habilite un utilisateur sur une application du CIG : « Affecter » → au moins 3 caractères → je sélectionne l'agent → AFFECTER", async () => {
    const page = await world.newPage();
    await signInToConsole(page, world.baseUrl, WONDER);
    const members = await openRole(page, "BIP", "Gestionnaire BIP");
    await expect(page.getByText(/^Membres \(\d+\)$/)).toBeVisible();
    await expect(members.getByRole("cell", { name: "RAHMANI" })).toHaveCount(0);

    await page.getByRole("button", { name: "Affecter", exact: true }).click();
    const dialog = page.getByRole("dialog");
    await expect(dialog).toContainText("Affecter un ou plusieurs utilisateur(s) au rôle Gestionnaire BIP de l'application BIP");
    await dialog.getByRole("textbox", { name: "Rechercher" }).fill("ra");
    await expect(dialog.getByText("Veuillez saisir au moins 3 caractères pour effectuer une recherche")).toBeVisible();
    await dialog.getByRole("textbox", { name: "Rechercher" }).fill("rahm");
    await expect(dialog.getByText("Utilisateurs (1)")).toBeVisible();
    await dialog.getByRole("checkbox", { name: "Sélectionner Nadia RAHMANI" }).check();
    await dialog.getByRole("button", { name: "Affecter", exact: true }).click();

    await expect(dialog).toBeHidden();
    await expect(page.getByText("1 utilisateur a été affecté au rôle.")).toBeVisible();
    await expect(members.getByRole("row", { name: /RAHMANI/ })).toBeVisible();
    expect(await assignments(NADIA)).toEqual([roleId("bip", "gestionnaire")]);

    // « Exporter » the role's members: the new member is in the file.
    await page.getByRole("button", { name: "Actions sur les membres du rôle" }).click();
    const file = await downloadFrom(page, () => page.getByRole("menuitem", { name: "Exporter" }).click());
    expect(file.bytes.subarray(0, 3).equals(UTF8_BOM)).toBe(true);
    expect(file.text.split(/\r?\n/).some((line) => line.startsWith("RAHMANI;Nadia;"))).toBe(true);
  });

  it("Je réaffecte le membre à un autre rôle, puis je désaffecte le membre sélectionné : la notice apparaît à chaque fois", async () => {
    const page = await world.newPage();
    await signInToConsole(page, world.baseUrl, WONDER);
    expect(await assignments(JULIEN)).toContain(roleId("bip", "consultation"));

    // Réaffecter: Consultation BIP → Gestionnaire BIP.
    let members = await openRole(page, "BIP", "Consultation BIP");
    await members.getByRole("button", { name: "Actions pour Julien PETIT" }).click();
    await page.getByRole("menuitem", { name: "Réaffecter le membre à un autre rôle" }).click();
    const reassign = page.getByRole("dialog", { name: "Réaffecter le membre à un autre rôle" });
    await reassign.getByRole("radio", { name: "Gestionnaire BIP" }).check();
    await reassign.getByRole("button", { name: "Réaffecter" }).click();
    await expect(reassign).toBeHidden();
    await expect(page.getByText("Le membre a été réaffecté à un autre rôle.")).toBeVisible();
    await expect(members.getByRole("row", { name: /PETIT/ })).toHaveCount(0);
    let roles = await assignments(JULIEN);
    expect(roles).toContain(roleId("bip", "gestionnaire"));
    expect(roles).not.toContain(roleId("bip", "consultation"));

    // Désaffecter from Gestionnaire BIP, with the confirmation « DESAFFECTER ».
    members = await openRole(page, "BIP", "Gestionnaire BIP");
    await members.getByRole("button", { name: "Actions pour Julien PETIT" }).click();
    await page.getByRole("menuitem", { name: "Désaffecter le membre sélectionné" }).click();
    const confirm = page.getByRole("dialog", { name: "Désaffecter le membre sélectionné" });
    await confirm.getByRole("button", { name: "Désaffecter" }).click();
    await expect(confirm).toBeHidden();
    await expect(page.getByText("Le membre a été désaffecté du rôle.")).toBeVisible();
    await expect(members.getByRole("row", { name: /PETIT/ })).toHaveCount(0);
    roles = await assignments(JULIEN);
    expect(roles.filter((r) => r === roleId("bip", "gestionnaire") || r === roleId("bip", "consultation"))).toEqual([]);
    expect(roles).toContain(roleId("netcap", "consultation")); // his other application untouched
  });
});
