// « Je référence un utilisateur » with the keyboard alone (the focus goes to each new step), and the
// counts of the other screens after an addition — as the référent of Sèvres, whom no other file uses.
import { beforeAll, describe, it } from "vitest";
import type { Locator, Page } from "playwright-core";
import { useWorld } from "../support/world.js";
import { expect } from "../support/expect.js";
import { signInToConsole } from "../support/sign-in.js";
import { insertAgent } from "../support/agents.js";

const world = useWorld();
const REFERENT = "ines.garnier@sevres.fr";

beforeAll(async () => {
  await insertAgent(world.db, {
    email: REFERENT,
    firstName: "Inès",
    lastName: "GARNIER",
    structureCode: "92-sevres-dg-rh-agrh",
    password: true,
    referentOf: { structure: "92-sevres", applications: ["bip"] },
  });
});

/** Tab (never the mouse) until `target` has the focus; fails after `max` presses. */
async function tabTo(page: Page, target: Locator, max = 12) {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((e) => e === document.activeElement).catch(() => false)) return;
    await page.keyboard.press("Tab");
  }
  await expect(target).toBeFocused();
}

/** Opens « Structures » and selects Sèvres's « DirG RH AGRH »: its header tells its direct members. */
async function membersOfAgrh(page: Page) {
  await page.getByRole("navigation", { name: "Menu principal" }).getByRole("link", { name: "Structures" }).click();
  const tree = page.getByRole("navigation", { name: "Structures" });
  const unfold = tree.getByRole("button", { name: "Déplier Direction générale" });
  if (await unfold.count()) await unfold.first().click();
  await tree.getByRole("button", { name: "DirG RH AGRH", exact: true }).click();
  return page.getByText(/\d+ membres? directs?/);
}

describe("Au clavier, et des compteurs à jour", () => {
  it("Je référence un utilisateur au clavier seul : à chaque étape le focus va sur son premier champ, puis sur le récapitulatif et le résultat", {
    timeout: 180_000,
  }, async () => {
    const page = await world.newPage();
    await signInToConsole(page, world.baseUrl, REFERENT);
    await page.goto(`${world.baseUrl}/aia/creer-un-utilisateur`);
    await expect(page.getByRole("heading", { name: "Créer un utilisateur" })).toBeVisible();

    // « Aller au contenu », then the first field of step 1.
    await page.keyboard.press("Tab");
    await expect(page.getByRole("link", { name: "Aller au contenu" })).toBeFocused();
    await page.keyboard.press("Enter");
    const email = page.getByRole("textbox", { name: /Adresse mail/ });
    await tabTo(page, email);
    await page.keyboard.type("camille.roux@sevres.fr");
    await page.keyboard.press("Enter"); // Vérifier l'adresse mail
    await expect(page.getByText("Aucun compte utilisateur n'existe avec cette adresse email")).toBeVisible();
    await tabTo(page, page.getByRole("button", { name: "Suivant" }).last());
    await page.keyboard.press("Enter");

    // Step 2: Nom has the focus.
    await expect(page.getByRole("textbox", { name: /^Nom/ })).toBeFocused();
    await page.keyboard.type("ROUX");
    await page.keyboard.press("Tab");
    await expect(page.getByRole("textbox", { name: /^Prénom/ })).toBeFocused();
    await page.keyboard.type("Camille");
    await page.keyboard.press("Tab");
    await expect(page.getByRole("combobox", { name: /Structure d'appartenance/ })).toBeFocused();
    await page.keyboard.type("AGRH");
    await expect(page.getByRole("option", { name: "DirG RH AGRH" })).toBeVisible();
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await expect(page.getByRole("combobox", { name: /Structure d'appartenance/ })).toHaveValue(/DirG RH AGRH/);
    await tabTo(page, page.getByRole("button", { name: "Suivant" }).last());
    await page.keyboard.press("Enter");

    // Step 3: the first application's little arrow has the focus; Space checks a role.
    const unfold = page.getByRole("button", { name: "Déplier les rôles de BIP" });
    await expect(unfold).toBeFocused();
    await page.keyboard.press("Enter");
    const consultation = page.getByRole("group", { name: "Rôles de BIP" }).getByRole("checkbox", { name: "Consultation BIP" });
    await tabTo(page, consultation);
    await page.keyboard.press("Space");
    await expect(consultation).toBeChecked();
    await tabTo(page, page.getByRole("button", { name: "Suivant" }).last(), 20);
    await page.keyboard.press("Enter");

    // Step 4: the summary has the focus, then AJOUTER.
    await expect(page.getByRole("region", { name: "Récapitulatif des informations" })).toBeFocused();
    await tabTo(page, page.getByRole("button", { name: "Ajouter", exact: true }));
    await page.keyboard.press("Enter");

    // The outcome has the focus; « Ajouter un nouvel utilisateur » goes back to the e-mail field.
    const outcome = page.getByText("L'utilisateur Camille ROUX est créé dans l'annuaire.", { exact: false });
    await expect(outcome).toBeVisible();
    await expect(page.locator("[data-focus-here]:focus")).toContainText("Camille ROUX");
    await tabTo(page, page.getByRole("button", { name: "Ajouter un nouvel utilisateur" }));
    await page.keyboard.press("Enter");
    await expect(email).toBeFocused();
    await expect(email).toHaveValue("");

    const created = await world.db.prisma.user.findUniqueOrThrow({
      where: { emailLower: "camille.roux@sevres.fr" },
      include: { roleAssignments: true },
    });
    expect(created.roleAssignments).toHaveLength(1);
  });

  it("Après un ajout, les compteurs des autres écrans sont à jour sans recharger la page : « n membres directs » de la structure", async () => {
    const page = await world.newPage();
    await signInToConsole(page, world.baseUrl, REFERENT);
    const count = await membersOfAgrh(page);
    const before = Number((await count.innerText()).match(/(\d+) membres? directs?/)![1]);

    await page.getByRole("navigation", { name: "Menu principal" }).getByRole("link", { name: "Utilisateurs" }).click();
    await page.getByRole("button", { name: "Ajouter", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Ajout d'un nouvel utilisateur" });
    // The dialog opens on its first field.
    await expect(dialog.getByRole("textbox", { name: /^Nom/ })).toBeFocused();
    await dialog.getByRole("button", { name: "Ajouter" }).click();
    // Errors go with their fields: the first in error has the focus, and a corrected field loses its error.
    await expect(dialog.getByRole("textbox", { name: /^Nom/ })).toBeFocused();
    const invalid = dialog.locator('[aria-invalid="true"]');
    await expect(invalid).toHaveCount(4);
    await expect(dialog.getByRole("textbox", { name: /^Nom/ })).toHaveAccessibleDescription("Le nom est obligatoire");
    await expect(dialog.getByRole("textbox", { name: /^Prénom/ })).toHaveAccessibleDescription("Le prénom est obligatoire");
    await expect(dialog.getByRole("textbox", { name: /Adresse e-mail/ })).toHaveAccessibleDescription("Adresse e-mail invalide");
    await expect(dialog.getByText("Choisissez la structure d'appartenance")).toBeVisible();
    await dialog.getByRole("textbox", { name: /^Nom/ }).fill("BLANC");
    await expect(invalid).toHaveCount(3);
    await expect(dialog.getByText("Le nom est obligatoire")).toHaveCount(0);
    await dialog.getByRole("textbox", { name: /^Prénom/ }).fill("Hugo");
    await dialog.getByRole("textbox", { name: /Adresse e-mail/ }).fill("hugo.blanc@sevres.fr");
    await dialog.getByRole("combobox", { name: /Structure d'appartenance/ }).fill("AGRH");
    await page.getByRole("option", { name: "DirG RH AGRH" }).click();
    await expect(invalid).toHaveCount(0);
    await dialog.getByRole("button", { name: "Ajouter" }).click();
    await expect(dialog).toBeHidden();

    await expect(await membersOfAgrh(page)).toHaveText(new RegExp(`${before + 1} membres? directs?`));
  });
});
