// Guide: « Adresse mail déjà existante dans AIA (cf. Cas des utilisateurs multi-structure) », then
// « J'habilite », « Je supprime une habilitation » and « Je supprime le compte d'un agent utilisateur »
// on an agent shared by two bodies. DESIGN « One account, several bodies »: the référent of Vitry acts
// on Vitry's part only; Montreuil's part — its membership, its role — stays, and so does the account.
// The tests follow one another (one agent, one story); each opens fresh browsers.
import { beforeAll, describe, it } from "vitest";
import type { Page } from "playwright-core";
import { useWorld } from "../support/world.js";
import { expect } from "../support/expect.js";
import { fillLoginForm, signInToConsole } from "../support/sign-in.js";
import { insertAgent } from "../support/agents.js";
import { PAUL } from "../support/people.js";
import { roleId, structureId } from "../../apps/idp/src/db/seed.js";

const world = useWorld();
/** Référente of Vitry-sur-Seine for BIP. */
const VITRY = "nadege.vidal@vitry.fr";
/** Montreuil's agent (his home), with « Consultation BIP » held for Montreuil. */
const AGENT = "samir.haddad@montreuil.fr";
const AGENT_NAME = "Samir HADDAD";
// Not Service comptabilité: structures.test.ts counts that node's members.
const HOME_PATH = "cig-pc / collectivites / Montreuil / Direction générale / DirG RH Paie et carrières";
const VITRY_AGRH = "cig-pc / collectivites / Vitry-sur-Seine / Direction générale / DirG RH AGRH";
const ALSO_ELSEWHERE = "Également rattaché à d'autres structures";

beforeAll(async () => {
  await insertAgent(world.db, {
    email: VITRY,
    firstName: "Nadège",
    lastName: "VIDAL",
    structureCode: "94-vitry-dg-rh-agrh",
    password: true,
    referentOf: { structure: "94-vitry", applications: ["bip"] },
  });
  await insertAgent(world.db, {
    email: AGENT,
    firstName: "Samir",
    lastName: "HADDAD",
    structureCode: "93-montreuil-dg-rh-paie",
    password: true,
    roles: [{ application: "bip", role: "consultation", heldFor: "93-montreuil" }],
  });
});

const agent = () =>
  world.db.prisma.user.findUniqueOrThrow({
    where: { emailLower: AGENT },
    include: { memberships: { select: { structureId: true } }, roleAssignments: { select: { roleId: true, structureId: true } } },
  });
const vitryStructures = async () => {
  const vitry = structureId("94-vitry");
  const rows = await world.db.prisma.structure.findMany({
    where: { OR: [{ id: vitry }, { ancestorIds: { has: vitry } }] },
    select: { id: true },
  });
  return new Set(rows.map((s) => s.id));
};

/** Utilisateurs → recherche par critères → his card. */
async function openCard(page: Page, search: string) {
  await page.getByRole("link", { name: "Utilisateurs" }).click();
  await page.getByRole("textbox", { name: "Nom, prénom, identifiant, email ou structure" }).fill(search);
  await page.getByRole("button", { name: "Rechercher" }).click();
  await page.getByRole("table", { name: "Liste des utilisateurs" }).getByRole("link", { name: "HADDAD" }).click();
  await expect(page.getByRole("heading", { name: AGENT_NAME, level: 1 })).toBeVisible();
}

/** Applications → BIP → the role → CHARGER TOUS LES UTILISATEURS. */
async function openRole(page: Page, role: string) {
  await page.getByRole("link", { name: "Applications" }).click();
  const nav = page.getByRole("navigation", { name: "Applications et rôles" });
  const unfold = nav.getByRole("button", { name: /^BIP/ });
  if ((await unfold.getAttribute("aria-expanded")) !== "true") await unfold.click();
  await nav
    .getByRole("list", { name: "Rôles de BIP" })
    .getByRole("button", { name: new RegExp(`^${role}`) })
    .click();
  await expect(page.getByRole("heading", { name: `${role} — BIP` })).toBeVisible();
  await page.getByRole("button", { name: "Charger tous les utilisateurs" }).click();
  return page.getByRole("table", { name: "Détails de la liste des membres" });
}

describe("Cas des utilisateurs multi-structure", () => {
  it("Adresse mail déjà existante dans AIA : « … existe déjà dans la structure … » avec son chemin ; le référent de Vitry rattache l'agent de Montreuil à sa structure", async () => {
    const page = await world.newPage();
    await signInToConsole(page, world.baseUrl, VITRY);
    await page.getByRole("link", { name: "Créer un utilisateur" }).click();
    await page.getByRole("textbox", { name: "Adresse mail" }).fill(AGENT);
    await page.getByRole("button", { name: "Vérifier l'adresse mail" }).click();
    await expect(page.getByText("Adresse mail déjà existante dans AIA")).toBeVisible();
    await expect(page.getByText(`${AGENT} existe déjà dans la structure DirG RH Paie et carrières : ${HOME_PATH}`)).toBeVisible();
    await page.getByRole("button", { name: "Suivant" }).click();

    // Nothing to type about him: only the structure of mine to attach him to.
    await expect(page.getByRole("textbox", { name: /^Nom/ })).toHaveCount(0);
    await page.getByRole("combobox", { name: /Structure de rattachement/ }).click();
    await page.getByRole("option", { name: "DirG RH AGRH" }).click();
    await page.getByRole("button", { name: "Suivant" }).click();
    await page.getByRole("button", { name: "Suivant" }).last().click(); // « Affecter des rôles » is optional
    await page.getByRole("button", { name: "Ajouter", exact: true }).click();
    await expect(page.getByText(`Le compte ${AGENT} est rattaché à ${VITRY_AGRH}.`)).toBeVisible();

    // His card, as Vitry sees it: Vitry's part, a neutral mention of the rest, « Retirer de … ».
    await page.getByRole("link", { name: "Voir la fiche de l'utilisateur" }).click();
    await expect(page.getByRole("heading", { name: AGENT_NAME, level: 1 })).toBeVisible();
    const main = page.getByRole("main");
    await expect(main.getByText(ALSO_ELSEWHERE)).toBeVisible();
    await expect(main).toContainText(VITRY_AGRH);
    await expect(main).not.toContainText("Montreuil");
    await expect(main.getByText("Aucun rôle applicatif.")).toBeVisible(); // Montreuil's role is not listed
    await expect(page.getByRole("button", { name: "Éditer l'utilisateur" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Retirer de DirG RH AGRH" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Supprimer le compte" })).toHaveCount(0);

    const stored = await agent();
    expect(stored.structureId).toBe(structureId("93-montreuil-dg-rh-paie")); // his home did not move
    expect(stored.memberships.map((m) => m.structureId)).toEqual([structureId("94-vitry-dg-rh-agrh")]);
  });

  it("J'habilite un utilisateur sur une application du CIG puis je supprime l'habilitation : le rôle BIP tenu pour Vitry ; Montreuil ne voit que le sien", async () => {
    const page = await world.newPage();
    await signInToConsole(page, world.baseUrl, VITRY);
    // Montreuil's « Consultation BIP » is not Vitry's: not listed, so not removable.
    let members = await openRole(page, "Consultation BIP");
    await expect(page.getByText(/^Membres \(\d+\)$/)).toBeVisible();
    await expect(members.getByRole("row", { name: /HADDAD/ })).toHaveCount(0);

    members = await openRole(page, "Gestionnaire BIP");
    await page.getByRole("button", { name: "Affecter", exact: true }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("textbox", { name: "Rechercher" }).fill("haddad");
    await dialog.getByRole("checkbox", { name: `Sélectionner ${AGENT_NAME}` }).check();
    await dialog.getByRole("button", { name: "Affecter", exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText("1 utilisateur a été affecté au rôle.")).toBeVisible();
    const row = members.getByRole("row", { name: /HADDAD/ });
    await expect(row).toContainText("Vitry-sur-Seine");
    await expect(row.getByRole("img", { name: ALSO_ELSEWHERE })).toBeVisible();
    const vitry = await vitryStructures();
    let roles = (await agent()).roleAssignments;
    expect(roles.filter((r) => r.roleId === roleId("bip", "gestionnaire")).every((r) => vitry.has(r.structureId))).toBe(true);
    expect(roles).toContainEqual({ roleId: roleId("bip", "gestionnaire"), structureId: expect.any(String) });

    // Meanwhile, Montreuil's référent: his agent, his role, nothing of Vitry's.
    const paul = await world.newPage();
    await signInToConsole(paul, world.baseUrl, PAUL);
    await openCard(paul, "haddad");
    const card = paul.getByRole("main");
    await expect(card.getByText(ALSO_ELSEWHERE)).toBeVisible();
    await expect(card).toContainText(HOME_PATH);
    await expect(card).not.toContainText("Vitry");
    const paulRoles = card.getByRole("table", { name: "Applications et rôles" });
    await expect(paulRoles.getByRole("row", { name: /BIP.*Consultation BIP/ })).toBeVisible();
    await expect(paulRoles.getByRole("row", { name: /Gestionnaire BIP/ })).toHaveCount(0);
    await expect(paul.getByRole("button", { name: "Éditer l'utilisateur" })).toBeVisible(); // his home's référent

    // « Désaffecter le membre sélectionné »: Vitry's role goes, Montreuil's stays.
    await members.getByRole("button", { name: `Actions pour ${AGENT_NAME}` }).click();
    await page.getByRole("menuitem", { name: "Désaffecter le membre sélectionné" }).click();
    const confirm = page.getByRole("dialog", { name: "Désaffecter le membre sélectionné" });
    await confirm.getByRole("button", { name: "Désaffecter" }).click();
    await expect(confirm).toBeHidden();
    await expect(page.getByText("Le membre a été désaffecté du rôle.")).toBeVisible();
    await expect(members.getByRole("row", { name: /HADDAD/ })).toHaveCount(0);
    roles = (await agent()).roleAssignments;
    expect(roles).toEqual([{ roleId: roleId("bip", "consultation"), structureId: structureId("93-montreuil") }]);
  });

  it("Je supprime le compte d'un agent utilisateur rattaché à d'autres structures : « Retirer de … » ; Montreuil le voit toujours avec son rôle, et il se connecte toujours à BIP", async () => {
    const page = await world.newPage();
    await signInToConsole(page, world.baseUrl, VITRY);
    await page.getByRole("link", { name: "Utilisateurs" }).click();
    await page.getByRole("button", { name: "Charger tous les utilisateurs" }).click();
    await page.getByRole("textbox", { name: "Filtrer" }).fill("haddad");
    const table = page.getByRole("table", { name: "Liste des utilisateurs" });
    await expect(table.getByRole("row")).toHaveCount(2); // header + him
    await expect(table.getByRole("img", { name: ALSO_ELSEWHERE })).toBeVisible();
    await table.getByRole("button", { name: `Actions pour ${AGENT_NAME}` }).click();
    await page.getByRole("menuitem", { name: "Supprimer l'utilisateur" }).click();
    const dialog = page.getByRole("dialog", { name: "Retirer de DirG RH AGRH" });
    await expect(dialog).toContainText("Son compte reste actif pour les autres structures");
    await dialog.getByRole("button", { name: "Retirer" }).click();
    await expect(page.getByText("L'utilisateur a été retiré de DirG RH AGRH.")).toBeVisible();
    await expect(table.getByText("Aucun utilisateur ne correspond.")).toBeVisible();

    const stored = await agent();
    expect(stored.memberships).toEqual([]);
    expect(stored.roleAssignments).toEqual([{ roleId: roleId("bip", "consultation"), structureId: structureId("93-montreuil") }]);

    // Montreuil's référent: still his agent, with his own role, and nothing elsewhere any more.
    const paul = await world.newPage();
    await signInToConsole(paul, world.baseUrl, PAUL);
    await openCard(paul, "haddad");
    const card = paul.getByRole("main");
    await expect(
      card.getByRole("table", { name: "Applications et rôles" }).getByRole("row", { name: /BIP.*Consultation BIP/ }),
    ).toBeVisible();
    await expect(card.getByText(ALSO_ELSEWHERE)).toHaveCount(0);
    await expect(paul.getByRole("button", { name: "Supprimer le compte" })).toBeVisible();

    // The agent, at his own computer: the portal, the BIP tile, BIP (démo) signs him in through Convergences.
    const me = await world.newPage();
    await me.goto(`${world.baseUrl}/`);
    await me.getByRole("link", { name: "Se connecter" }).click();
    await fillLoginForm(me, AGENT);
    await expect(me.getByRole("heading", { name: "Applications" })).toBeVisible();
    await me.getByRole("link", { name: /^BIP/ }).click();
    await expect(me).toHaveURL(new RegExp(`^${world.demoRpUrl}/`));
    await me.getByRole("link", { name: "Se connecter" }).click();
    await expect(me.getByRole("heading", { name: `Bienvenue dans BIP (démo), ${AGENT_NAME}` })).toBeVisible();
    await expect(me.getByRole("row", { name: /Rôles dans BIP/ })).toContainText("Consultation BIP (Montreuil)");
  });
});
