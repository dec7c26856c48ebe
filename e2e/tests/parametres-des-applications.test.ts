// CIG administrators' application settings: the roles of an application, created and renamed in the
// console, are then offered in « Applications » for habilitations.
import { describe, it } from "vitest";
import { useWorld } from "../support/world.js";
import { expect } from "../support/expect.js";
import { signInToConsole } from "../support/sign-in.js";
import { CIG_ADMIN } from "../support/people.js";
import { applicationId } from "../../apps/idp/src/db/seed.js";

const world = useWorld();

describe("Paramètres des applications", () => {
  it("L'administrateur CIG ajoute un rôle à Net-Cotisations, le renomme, et le rôle est proposé dans « Applications »", async () => {
    const page = await world.newPage();
    await signInToConsole(page, world.baseUrl, CIG_ADMIN);
    await page.getByRole("link", { name: "Paramètres des applications" }).click();
    await page.getByRole("navigation", { name: "Applications" }).getByRole("button", { name: "Net-Cotisations" }).click();
    const roles = page.getByRole("list", { name: "Rôles de Net-Cotisations" });
    await expect(roles).toContainText("Déclarant (declarant)");

    await page.getByRole("button", { name: "Ajouter un rôle" }).click();
    const add = page.getByRole("dialog", { name: "Ajouter un rôle" });
    await add.getByRole("textbox", { name: "Code" }).fill("consultation");
    await add.getByRole("textbox", { name: "Libellé" }).fill("Consultation des cotisations");
    await add.getByRole("button", { name: "Enregistrer" }).click();
    await expect(add).toBeHidden();
    await expect(roles.getByText("Consultation des cotisations (consultation)")).toBeVisible();

    await roles.getByRole("button", { name: "Modifier le rôle Consultation des cotisations" }).click();
    const edit = page.getByRole("dialog", { name: "Modifier le rôle" });
    await edit.getByRole("textbox", { name: "Libellé" }).fill("Lecture des cotisations");
    await edit.getByRole("button", { name: "Enregistrer" }).click();
    await expect(roles.getByText("Lecture des cotisations (consultation)")).toBeVisible();
    const role = await world.db.prisma.role.findFirstOrThrow({
      where: { applicationId: applicationId("netcotisations"), code: "consultation" },
    });
    expect(role.label).toBe("Lecture des cotisations");

    await page.getByRole("link", { name: "Applications", exact: true }).click();
    const nav = page.getByRole("navigation", { name: "Applications et rôles" });
    await nav.getByRole("button", { name: /^Net-Cotisations/ }).click();
    await expect(
      nav.getByRole("list", { name: "Rôles de Net-Cotisations" }).getByRole("button", { name: /^Lecture des cotisations/ }),
    ).toBeVisible();
  });
});
