// A walk through every screen and dialog of the guide, as a référente, an agent and a CIG
// administrator, calling `check(name)` at each stop (the accessibility and layout file checks each
// stop with axe and for horizontal scrolling). Read-only: every dialog is opened, then cancelled.
import type { Page } from "playwright-core";
import { AxeBuilder } from "@axe-core/playwright";
import { expect } from "./expect.js";

export type Check = (name: string) => Promise<void>;

/** The two widths the console is checked at: a laptop and a phone. */
export const WIDTHS = {
  "1280×800": { width: 1280, height: 800 },
  "390×844": { width: 390, height: 844 },
} as const;

/** What a stop may not have: a page wider than the viewport, or an axe violation of impact serious or critical. */
export async function problemsOf(page: Page, name: string): Promise<string[]> {
  const problems: string[] = [];
  // What is fading in or out (a tooltip under the pointer, a menu opening) is judged once it has settled:
  // half-way through its transition axe measures the contrast of a half-transparent text.
  await page
    .waitForFunction(
      () =>
        document.getAnimations().every((a) => a.playState !== "running" || a.effect?.getTiming().iterations === Number.POSITIVE_INFINITY),
      null,
      { timeout: 5_000 },
    )
    .catch(() => undefined);
  const { scrollWidth, clientWidth, widest } = await page.evaluate(() => {
    const root = document.documentElement;
    // The first element that reaches past the viewport (inside no scrolling box of its own): what widens the page.
    // (No named functions in here: the test runner's transform would wrap them in a helper the page lacks.)
    const past = [...document.body.querySelectorAll("*")].find((e) => {
      if (e.getBoundingClientRect().right <= root.clientWidth + 1) return false;
      for (let up = e.parentElement; up && up !== root; up = up.parentElement)
        if (["auto", "scroll", "hidden"].includes(getComputedStyle(up).overflowX)) return false;
      return true;
    });
    return {
      scrollWidth: root.scrollWidth,
      clientWidth: root.clientWidth,
      widest: past ? `${past.tagName.toLowerCase()}.${String(past.className).split(" ").slice(0, 3).join(".")}` : "",
    };
  });
  if (scrollWidth > clientWidth)
    problems.push(`${name} : la page défile horizontalement (${scrollWidth} px pour ${clientWidth} px ; ${widest})`);
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  for (const v of axe.violations) {
    if (v.impact !== "serious" && v.impact !== "critical") continue;
    const where = v.nodes
      .slice(0, 3)
      .map((n) => `${n.target.join(" ")} ${n.html.slice(0, 160)}`)
      .join(" | ");
    problems.push(`${name} : axe ${v.id} (${v.impact}) — ${v.help} — ${where}`);
  }
  return problems;
}

/** Below `md` the side menu is a drawer opened from the banner: open it, check it, and follow the link. */
async function menu(page: Page, label: string, check: Check, checkDrawer = false) {
  const opener = page.getByRole("button", { name: "Ouvrir le menu principal" });
  const nav = page.getByRole("navigation", { name: "Menu principal" });
  const drawer = await opener.isVisible();
  if (drawer) {
    await opener.click();
    await expect(nav).toBeVisible();
    if (checkDrawer) await check("menu principal (tiroir)");
  }
  await nav.getByRole("link", { name: label }).click();
  if (drawer) await expect(nav).toBeHidden();
}

async function cancel(page: Page) {
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: "Annuler" }).click();
  await expect(dialog).toHaveCount(0);
}

/** The référente's screens (« Gestion des comptes », « Applications », « Structures », « Guide de l'utilisateur »). */
export async function referentScreens(page: Page, baseUrl: string, check: Check): Promise<void> {
  // Je référence un utilisateur: the four steps of the wizard (stopped before AJOUTER).
  await menu(page, "Créer un utilisateur", check, true);
  await page.getByRole("textbox", { name: /Adresse mail/ }).fill("parcours.accessibilite@lhaylesroses.fr");
  await page.getByRole("button", { name: "Vérifier l'adresse mail" }).click();
  await expect(page.getByText("Aucun compte utilisateur n'existe avec cette adresse email")).toBeVisible();
  await check("créer un utilisateur — 1. adresse mail");
  await page.getByRole("button", { name: "Suivant" }).click();
  await page.getByRole("textbox", { name: /^Nom/ }).fill("PARCOURS");
  await page.getByRole("textbox", { name: /^Prénom/ }).fill("Axel");
  await page.getByRole("combobox", { name: /Structure d'appartenance/ }).click();
  await page.getByRole("option", { name: "DirG RH AGRH" }).first().click();
  await check("créer un utilisateur — 2. informations");
  await page.getByRole("button", { name: "Suivant" }).click();
  await page
    .getByRole("button", { name: /Déplier les rôles de/ })
    .first()
    .click();
  await check("créer un utilisateur — 3. rôles");
  await page.getByRole("button", { name: "Suivant" }).last().click();
  await expect(page.getByRole("button", { name: "Ajouter" })).toBeVisible();
  await check("créer un utilisateur — 4. récapitulatif");

  // Utilisateurs: by default, loaded, Ajouter, Supprimer, Exporter.
  await menu(page, "Utilisateurs", check);
  await expect(page.getByRole("heading", { name: "Recherche par critères" })).toBeVisible();
  await check("utilisateurs — par défaut");
  await page.getByRole("button", { name: "Charger tous les utilisateurs" }).click();
  await expect(page.getByRole("table", { name: "Liste des utilisateurs" })).toBeVisible();
  await check("utilisateurs — liste chargée");
  await page.getByRole("button", { name: "Ajouter", exact: true }).click();
  await expect(page.getByRole("dialog")).toBeVisible();
  await check("utilisateurs — ajout d'un nouvel utilisateur");
  await cancel(page);
  await page
    .getByRole("button", { name: /^Actions pour / })
    .first()
    .click();
  await check("utilisateurs — menu de la ligne");
  await page.getByRole("menuitem", { name: "Supprimer l'utilisateur" }).click();
  await expect(
    page
      .getByRole("dialog")
      .getByRole("button", { name: /^(Supprimer|Retirer)$/ })
      .first(),
  ).toBeVisible();
  await check("utilisateurs — confirmation de suppression");
  await cancel(page);
  await page.getByRole("button", { name: "Actions sur la liste des utilisateurs" }).click();
  await expect(page.getByRole("menuitem", { name: "Exporter" })).toBeVisible();
  await check("utilisateurs — menu exporter");
  await page.keyboard.press("Escape");

  // La fiche de l'agent and « Éditer l'utilisateur ».
  await page.getByRole("table", { name: "Liste des utilisateurs" }).getByRole("link").first().click();
  await expect(page.getByRole("button", { name: "Éditer l'utilisateur" })).toBeVisible();
  await check("fiche utilisateur");
  await page.getByRole("button", { name: "Éditer l'utilisateur" }).click();
  await expect(page.getByRole("dialog", { name: "Éditer l'utilisateur" })).toBeVisible();
  await check("éditer l'utilisateur");
  await cancel(page);

  // Applications: a role's members, Affecter, the member's menu, Réaffecter, Désaffecter.
  await menu(page, "Applications", check);
  const nav = page.getByRole("navigation", { name: "Applications et rôles" });
  await nav.getByRole("button", { name: /^Net-CAP/ }).click();
  await nav.getByRole("button", { name: /^Gestionnaire CAP/ }).click();
  await page.getByRole("button", { name: "Charger tous les utilisateurs" }).click();
  await expect(page.getByText(/Membres \(\d+\)/)).toBeVisible();
  await check("applications — membres d'un rôle");
  await page.getByRole("button", { name: "Affecter", exact: true }).click();
  await page.getByRole("dialog").getByRole("textbox", { name: "Rechercher" }).fill("pet");
  await expect(page.getByRole("dialog").getByText(/Utilisateurs \(\d+\)/)).toBeVisible();
  await check("applications — affecter");
  await cancel(page);
  const rowActions = page.getByRole("button", { name: /^Actions pour / }).first();
  await rowActions.click();
  await check("applications — menu du membre");
  await page.getByRole("menuitem", { name: "Réaffecter le membre à un autre rôle" }).click();
  await expect(page.getByRole("dialog")).toBeVisible();
  await check("applications — réaffecter");
  await cancel(page);
  await rowActions.click();
  await page.getByRole("menuitem", { name: /^Désaffecter le membre/ }).click();
  await expect(page.getByRole("dialog")).toBeVisible();
  await check("applications — désaffecter");
  await cancel(page);

  // Structures: a structure's members and the export menu.
  await menu(page, "Structures", check);
  const tree = page.getByRole("navigation", { name: "Structures" });
  const unfold = tree.getByRole("button", { name: "Déplier Direction générale" }).first();
  if (await unfold.count()) await unfold.click();
  await tree.getByRole("button", { name: "DirG RH AGRH", exact: true }).first().click();
  await page.getByRole("button", { name: "Charger tous les utilisateurs" }).click();
  await expect(page.getByText("Détails de la liste des membres").first()).toBeVisible();
  await check("structures — membres");
  await page.getByRole("button", { name: "Actions sur les utilisateurs de la structure" }).click();
  await check("structures — menu exporter");
  await page.keyboard.press("Escape");

  // Profil, photo, déconnexion (cancelled), and the footer's pages.
  await page.getByRole("button", { name: "Menu du compte" }).click();
  await check("menu du compte");
  await page.getByRole("menuitem", { name: "Profil" }).click();
  await expect(page.getByText("Applications et Rôles")).toBeVisible();
  await check("mon profil");
  await page.getByRole("button", { name: "Éditer", exact: true }).click();
  await expect(page.getByRole("dialog")).toBeVisible();
  await check("mon profil — photo");
  await cancel(page);
  await page.getByRole("button", { name: "Menu du compte" }).click();
  await page.getByRole("menuitem", { name: "Déconnexion" }).click();
  await expect(page.getByRole("dialog", { name: "Déconnexion" })).toBeVisible();
  await check("déconnexion — confirmation");
  await cancel(page);
  await page.getByRole("link", { name: "Guide utilisateur" }).click();
  await check("guide utilisateur");
  await page.getByRole("link", { name: /^Accessibilité/ }).click();
  await expect(page.getByRole("heading", { name: /accessibilité/i, level: 1 })).toBeVisible();
  await check("accessibilité");
  await page.goto(`${baseUrl}/aia/une-adresse-inconnue`);
  await expect(page.getByRole("heading", { name: "Page introuvable" })).toBeVisible();
  await check("page introuvable");
}

/** An agent: his profile; a référent's screen opened by its address shows a French page, not the screen. */
export async function agentScreens(page: Page, baseUrl: string, check: Check): Promise<void> {
  await expect(page.getByText("Applications et Rôles")).toBeVisible();
  await check("agent — mon profil");
  await page.goto(`${baseUrl}/aia/utilisateurs`);
  await expect(page.getByRole("heading", { name: "Accès non autorisé" })).toBeVisible();
  await check("agent — écran non autorisé");
}

/** The CIG administrator's screens: Référents, Paramètres des applications, Journal d'audit. */
export async function cigAdminScreens(page: Page, _baseUrl: string, check: Check): Promise<void> {
  await menu(page, "Référents", check, true);
  await expect(page.getByRole("table", { name: "Liste des référents" })).toBeVisible();
  await check("administration — référents");
  await menu(page, "Paramètres des applications", check);
  await page.getByRole("button", { name: "BIP", exact: true }).click();
  await expect(page.getByRole("button", { name: "Renouveler le secret" })).toBeVisible();
  await check("administration — paramètres d'une application");
  await menu(page, "Journal d'audit", check);
  await expect(page.getByRole("table", { name: "Événements du journal d'audit" })).toBeVisible();
  await check("administration — journal d'audit");
}
