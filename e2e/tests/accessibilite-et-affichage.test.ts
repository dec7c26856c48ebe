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

  for (const [size, viewport] of Object.entries(WIDTHS)) {
    it(`En ${size}, la recherche par critères des utilisateurs montre tout le texte de son champ et RECHERCHER tient sur une ligne`, async () => {
      const page = await world.newPage();
      await page.setViewportSize(viewport);
      await signInToConsole(page, world.baseUrl, WONDER);
      await page.goto(`${world.baseUrl}/aia/utilisateurs`);
      await expect(page.getByRole("heading", { name: "Recherche par critères" })).toBeVisible();
      const field = page.getByRole("textbox", { name: "Nom, prénom, identifiant, email ou structure" });
      const button = page.getByRole("button", { name: "Rechercher", exact: true });
      await expect(field).toBeVisible();
      await expect(button).toBeVisible();
      // What the empty field shows in it (its label, or a placeholder): nothing cut (« …email ou s… »).
      const shown = () =>
        field.evaluate((input: HTMLInputElement) => {
          const label = input.id ? document.querySelector<HTMLElement>(`label[for="${input.id}"]`) : null;
          const out: { what: string; text: string; needed: number; room: number }[] = [];
          if (label) out.push({ what: "libellé", text: label.innerText, needed: label.scrollWidth, room: label.clientWidth });
          if (input.placeholder) {
            const style = getComputedStyle(input);
            const context = document.createElement("canvas").getContext("2d")!;
            context.font = style.font;
            const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
            out.push({
              what: "placeholder",
              text: input.placeholder,
              needed: Math.ceil(context.measureText(input.placeholder).width),
              room,
            });
          }
          return out;
        });
      const atRest = await shown();
      expect(atRest.length).toBeGreaterThan(0);
      for (const s of atRest) expect(s.needed, `${s.what} « ${s.text} » au repos`).toBeLessThanOrEqual(s.room);
      // Focused, the label moves above the field: still whole.
      await field.focus();
      for (const s of await shown()) expect(s.needed, `${s.what} « ${s.text} » au focus`).toBeLessThanOrEqual(s.room);
      // The button's label: one line (every line box of its text at the same height), not squeezed.
      const lines = await button.evaluate((b) => {
        const tops = new Set<number>();
        const walker = document.createTreeWalker(b, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          if (!node.textContent?.trim()) continue;
          const range = document.createRange();
          range.selectNodeContents(node);
          for (const r of range.getClientRects()) if (r.width > 0) tops.add(Math.round(r.top));
        }
        return tops.size;
      });
      expect(lines).toBe(1);
      expect(await button.evaluate((b) => b.scrollWidth <= b.clientWidth)).toBe(true);
    });
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
