// Menu « Structures »: the CIG administrator creates, moves and deletes a node; a node that still
// has members cannot be deleted and the API's reason is shown; a référente works inside her sub-tree.
import { describe, it } from "vitest";
import type { Page } from "playwright-core";
import { useWorld } from "../support/world.js";
import { expect } from "../support/expect.js";
import { signInToConsole } from "../support/sign-in.js";
import { CIG_ADMIN, WONDER } from "../support/people.js";
import { structureId } from "../../apps/idp/src/db/seed.js";

const world = useWorld();

async function openStructures(page: Page, email: string) {
  await signInToConsole(page, world.baseUrl, email);
  await page.getByRole("link", { name: "Structures" }).click();
  return page.getByRole("navigation", { name: "Structures" });
}

describe("Structures", () => {
  it("L'administrateur CIG ajoute une sous-structure, la déplace puis la supprime", async () => {
    const page = await world.newPage();
    const tree = await openStructures(page, CIG_ADMIN);
    await tree.getByRole("button", { name: "Déplier Créteil" }).click();
    await tree.getByRole("button", { name: "Créteil", exact: true }).click();

    await page.getByRole("button", { name: "Ajouter une sous-structure" }).click();
    const create = page.getByRole("dialog", { name: "Ajouter une sous-structure" });
    await create.getByRole("textbox", { name: /Nom de la structure/ }).fill("Mission handicap");
    await expect(create.getByRole("combobox", { name: /Type de structure/ })).toHaveText("Direction");
    await create.getByRole("button", { name: "Créer" }).click();
    await expect(page.getByRole("heading", { name: "Mission handicap" })).toBeVisible();
    await expect(tree.getByRole("button", { name: "Mission handicap", exact: true })).toHaveAttribute("aria-current", "true");
    const created = await world.db.prisma.structure.findFirstOrThrow({ where: { name: "Mission handicap" } });
    expect(created.parentId).toBe(structureId("94-creteil"));

    await page.getByRole("button", { name: "Déplacer" }).click();
    const move = page.getByRole("dialog", { name: "Déplacer la structure" });
    await move.getByRole("combobox", { name: /Nouvelle structure parente/ }).fill("Créteil / Direction générale");
    await page.getByRole("option", { name: "Direction générale", exact: true }).click();
    await move.getByRole("button", { name: "Déplacer" }).click();
    await expect(page.getByText("La structure a été déplacée.")).toBeVisible();
    await expect(page.getByRole("main")).toContainText("Créteil / Direction générale / Mission handicap");
    const moved = await world.db.prisma.structure.findUniqueOrThrow({ where: { id: created.id } });
    expect(moved.parentId).toBe(structureId("94-creteil-dg"));
    expect(moved.ancestorIds.at(-2)).toBe(structureId("94-creteil-dg"));

    await page.getByRole("button", { name: "Supprimer", exact: true }).click();
    await page.getByRole("dialog", { name: "Supprimer la structure" }).getByRole("button", { name: "Supprimer" }).click();
    await expect(page.getByText("La structure a été supprimée.")).toBeVisible();
    await expect(tree.getByRole("button", { name: "Mission handicap", exact: true })).toHaveCount(0);
    expect(await world.db.prisma.structure.findUnique({ where: { id: created.id } })).toBeNull();
  });

  it("La suppression d'une structure qui a encore des utilisateurs est refusée, avec la raison", async () => {
    const page = await world.newPage();
    const tree = await openStructures(page, CIG_ADMIN);
    await tree.getByRole("button", { name: "Déplier Montreuil" }).click();
    await tree.getByRole("button", { name: "Déplier Direction des finances" }).first().click();
    await tree.getByRole("button", { name: "Service comptabilité", exact: true }).first().click();
    await expect(page.getByRole("main")).toContainText("Montreuil / Direction des finances");

    await page.getByRole("button", { name: "Supprimer", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Supprimer la structure" });
    await dialog.getByRole("button", { name: "Supprimer" }).click();
    await expect(dialog.getByRole("alert")).toContainText(
      "Cette structure ne peut pas être supprimée : 1 utilisateur(s) y sont encore rattaché(s).",
    );
    expect(await world.db.prisma.structure.findUnique({ where: { id: structureId("93-montreuil-finances-compta") } })).not.toBeNull();
  });

  it("La référente ajoute une sous-structure dans sa collectivité ; sa propre collectivité ne peut être ni déplacée ni supprimée", async () => {
    const page = await world.newPage();
    const tree = await openStructures(page, WONDER);
    await expect(tree.getByRole("button", { name: "Créteil", exact: true })).toHaveCount(0);
    await tree.getByRole("button", { name: "L'Haÿ-les-Roses", exact: true }).click();
    await expect(page.getByRole("button", { name: "Ajouter une sous-structure" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Déplacer" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Supprimer", exact: true })).toHaveCount(0);

    await page.getByRole("button", { name: "Ajouter une sous-structure" }).click();
    const create = page.getByRole("dialog", { name: "Ajouter une sous-structure" });
    await create.getByRole("textbox", { name: /Nom de la structure/ }).fill("Direction de l'éducation");
    await create.getByRole("button", { name: "Créer" }).click();
    await expect(page.getByRole("heading", { name: "Direction de l'éducation" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Supprimer", exact: true })).toBeVisible();
    const created = await world.db.prisma.structure.findFirstOrThrow({ where: { name: "Direction de l'éducation" } });
    expect(created.parentId).toBe(structureId("94-lhay-les-roses"));
  });
});
