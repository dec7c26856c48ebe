// « Accessibilité : partiellement conforme » and the console on a laptop and on a phone: every screen
// and dialog of the guide, as a référente, an agent and a CIG administrator, at 1280×800 and 390×844 —
// no page scrolls horizontally and axe-core finds no serious or critical violation.
import { describe, it } from "vitest";
import { useWorld } from "../support/world.js";
import { expect } from "../support/expect.js";
import { signInToConsole } from "../support/sign-in.js";
import { CIG_ADMIN, SIMPLE_AGENT, WONDER } from "../support/people.js";
import { agentScreens, cigAdminScreens, problemsOf, referentScreens, WIDTHS, type Check } from "../support/screens.js";

const world = useWorld();

const people = [
  { who: "la référente", email: WONDER, screens: referentScreens },
  { who: "un agent", email: SIMPLE_AGENT, screens: agentScreens },
  { who: "l'administrateur CIG", email: CIG_ADMIN, screens: cigAdminScreens },
] as const;

describe("Accessibilité et affichage de la console", () => {
  for (const [size, viewport] of Object.entries(WIDTHS)) {
    for (const { who, email, screens } of people) {
      it(`En ${size}, ${who} : aucun écran ni dialogue ne défile horizontalement ni n'a de défaut axe grave ou critique`, {
        timeout: 420_000,
      }, async () => {
        const page = await world.newPage();
        await page.setViewportSize(viewport);
        await signInToConsole(page, world.baseUrl, email);
        const problems: string[] = [];
        const visited: string[] = [];
        const check: Check = async (name) => {
          visited.push(name);
          problems.push(...(await problemsOf(page, name)));
        };
        await check("accueil");
        await screens(page, world.baseUrl, check);
        expect(visited.length).toBeGreaterThan(1);
        expect(problems).toEqual([]);
      });
    }
  }

  it("La page « Accessibilité » dit « partiellement conforme » et liste les critères RGAA non encore respectés", async () => {
    const page = await world.newPage();
    await signInToConsole(page, world.baseUrl, SIMPLE_AGENT);
    await page.getByRole("link", { name: "Accessibilité : partiellement conforme" }).click();
    await expect(page.getByRole("heading", { name: "Accessibilité : partiellement conforme", level: 1 })).toBeVisible();
    await expect(page.getByRole("table", { name: "Critères RGAA vérifiés" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Contenus non accessibles" })).toBeVisible();
  });
});
