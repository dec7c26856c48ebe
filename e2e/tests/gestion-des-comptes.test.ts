// Guide, « Gestion des comptes » (en tant que référente administratrice de L'Haÿ-les-Roses) :
// référencer, modifier, supprimer un utilisateur, et l'extraction sous format Excel.
import { describe, it } from "vitest";
import { useWorld } from "../support/world.js";
import { expect } from "../support/expect.js";
import { fillLoginForm, signInToConsole } from "../support/sign-in.js";
import { downloadFrom, UTF8_BOM } from "../support/download.js";
import { AMINA, JULIEN, WONDER } from "../support/people.js";

const world = useWorld();

describe("Gestion des comptes", () => {
  it("Je référence un utilisateur appartenant à la structure dont je suis référent désigné, et il reçoit le mail de création", async () => {
    const email = "lea.martin@lhaylesroses.fr";
    const page = await world.newPage();
    await signInToConsole(page, world.baseUrl, WONDER);
    await page.getByRole("link", { name: "Créer un utilisateur" }).click();

    // 1. Saisir l'email : an address that exists already is named with its structure.
    await page.getByRole("textbox", { name: "Adresse mail" }).fill(JULIEN);
    await page.getByRole("button", { name: "Vérifier l'adresse mail" }).click();
    await expect(page.getByText(new RegExp(`${JULIEN.replace(/\./g, "\\.")} existe déjà dans la structure`))).toBeVisible();
    await page.getByRole("textbox", { name: "Adresse mail" }).fill(email);
    await page.getByRole("button", { name: "Vérifier l'adresse mail" }).click();
    await expect(page.getByText("Aucun compte utilisateur n'existe avec cette adresse email")).toBeVisible();
    await page.getByRole("button", { name: "Suivant" }).click();

    // 2. Saisir les informations : Nom*, Prénom*, Structure d'appartenance*.
    await page.getByRole("textbox", { name: /^Nom/ }).fill("Martin");
    await page.getByRole("textbox", { name: /^Prénom/ }).fill("Léa");
    await page.getByRole("combobox", { name: /Structure d'appartenance/ }).click();
    await page.getByRole("option", { name: "DirG RH AGRH" }).click();
    await page.getByRole("button", { name: "Suivant" }).click();

    // 3. Affecter des rôles : the applications I administer, unfolded with the little arrow.
    await page.getByRole("button", { name: "Déplier les rôles de BIP" }).click();
    await page.getByRole("group", { name: "Rôles de BIP" }).getByRole("checkbox", { name: "Consultation BIP" }).check();
    await page.getByRole("button", { name: "Suivant" }).last().click();

    // 4. Récapitulatif, « Ajouter ».
    await expect(page.getByText("BIP : Consultation BIP")).toBeVisible();
    await page.getByRole("button", { name: "Ajouter", exact: true }).click();
    await expect(page.getByText("L'utilisateur Léa MARTIN est créé dans l'annuaire.", { exact: false })).toBeVisible();
    await expect(page.getByRole("listitem").filter({ hasText: /^BIP : Consultation BIP$/, visible: true })).toBeVisible();
    await expect(page.getByRole("button", { name: "Ajouter un nouvel utilisateur" })).toBeVisible();

    const { prisma } = world.db;
    const created = await prisma.user.findUniqueOrThrow({
      where: { emailLower: email },
      include: { structure: true, roleAssignments: { include: { role: { include: { application: true } } } } },
    });
    expect(created.structure.name).toBe("DirG RH AGRH");
    expect(created.roleAssignments.map((a) => `${a.role.application.code}:${a.role.code}`)).toEqual(["bip:consultation"]);
    // Dès lors, envoi automatique d'un mail d'information (written to the outbox with the creation).
    const mail = await prisma.mailOutbox.findFirstOrThrow({ where: { to: { contains: email } } });
    expect(mail.subject).toBe("[Portail des applications du CIG] Création de votre profil utilisateur");
    expect(mail.from).toContain("ne-pas-repondre@cig929394.fr");
    expect(mail.text).toContain(email);
    expect(mail.text).toContain("Première");
  });

  it("Je modifie les informations d'un utilisateur de ma collectivité : recherche par critères → sa fiche → Éditer l'utilisateur → ENREGISTRER", async () => {
    const page = await world.newPage();
    await signInToConsole(page, world.baseUrl, WONDER);
    await page.getByRole("link", { name: "Utilisateurs" }).click();
    await page.getByRole("textbox", { name: "Nom, prénom, identifiant, email ou structure" }).fill("petit");
    await page.getByRole("button", { name: "Rechercher" }).click();
    await page.getByRole("table", { name: "Liste des utilisateurs" }).getByRole("link", { name: "PETIT" }).click();

    await expect(page.getByRole("heading", { name: "Julien PETIT", level: 1 })).toBeVisible();
    await page.getByRole("button", { name: "Éditer l'utilisateur" }).click();
    const dialog = page.getByRole("dialog", { name: "Éditer l'utilisateur" });
    await expect(dialog.getByRole("textbox", { name: "Adresse mail" })).toHaveAttribute("readonly", "");
    await dialog.getByRole("textbox", { name: "Fonction" }).fill("Chargé de mission carrières");
    await dialog.getByRole("textbox", { name: "Numéro de téléphone" }).fill("01 46 15 33 00");
    await dialog.getByRole("button", { name: "Enregistrer" }).click();

    await expect(dialog).toBeHidden();
    await expect(page.getByRole("main")).toContainText("Chargé de mission carrières");
    await expect(page.getByRole("main")).toContainText("01 46 15 33 00");
    const saved = await world.db.prisma.user.findUniqueOrThrow({ where: { emailLower: JULIEN } });
    expect(saved.fonction).toBe("Chargé de mission carrières");
    expect(saved.phone).toBe("01 46 15 33 00");
  });

  it("Je supprime le compte d'un agent utilisateur : les 3 points → « Supprimer l'utilisateur » → je confirme ; il ne peut plus se connecter", async () => {
    const page = await world.newPage();
    await signInToConsole(page, world.baseUrl, WONDER);
    await page.getByRole("link", { name: "Utilisateurs" }).click();
    await page.getByRole("button", { name: "Charger tous les utilisateurs" }).click();
    await page.getByRole("textbox", { name: "Filtrer" }).fill("diallo");
    const table = page.getByRole("table", { name: "Liste des utilisateurs" });
    await expect(table.getByRole("row")).toHaveCount(2); // header + Amina DIALLO
    await table.getByRole("button", { name: "Actions pour Amina DIALLO" }).click();
    await page.getByRole("menuitem", { name: "Supprimer l'utilisateur" }).click();

    // She belongs to my collectivité only: « Supprimer l'utilisateur » erases her account.
    const dialog = page.getByRole("dialog", { name: "Supprimer le compte" });
    await expect(dialog).toContainText("Cette action est irréversible");
    await dialog.getByRole("button", { name: "Supprimer" }).click();
    await expect(page.getByText("L'utilisateur a été supprimé.")).toBeVisible();
    await expect(table.getByText("Aucun utilisateur ne correspond.")).toBeVisible();
    expect(await world.db.prisma.user.findUnique({ where: { emailLower: AMINA } })).toBeNull();

    // The agent, at her own computer: the portal refuses her, with the same words as any wrong password.
    const agent = await world.newPage();
    await agent.goto(`${world.baseUrl}/`);
    await agent.getByRole("link", { name: "Se connecter" }).click();
    await fillLoginForm(agent, AMINA);
    await expect(agent.getByRole("alert")).toHaveText("Adresse e-mail ou mot de passe incorrect.");
  });

  it("Je réalise une extraction sous format Excel de la liste de tous les utilisateurs : l'icône → « Exporter » → un fichier .CSV", async () => {
    const page = await world.newPage();
    await signInToConsole(page, world.baseUrl, WONDER);
    await page.getByRole("link", { name: "Utilisateurs" }).click();
    await page.getByRole("button", { name: "Actions sur la liste des utilisateurs" }).click();
    const file = await downloadFrom(page, () => page.getByRole("menuitem", { name: "Exporter" }).click());

    expect(file.fileName).toMatch(/\.csv$/);
    expect(file.bytes.subarray(0, 3).equals(UTF8_BOM)).toBe(true); // Excel (French locale) reads UTF-8
    const [header, ...rows] = file.text.trim().split(/\r?\n/);
    expect(header).toContain(";");
    expect(header).toMatch(/Nom;Prénom/);
    expect(rows.some((r) => r.includes("WOMAN") && r.includes(WONDER))).toBe(true);
    // Only her sub-tree: nobody of Montreuil or Nanterre.
    expect(rows.some((r) => /montreuil|nanterre/i.test(r))).toBe(false);
    await expect(page.getByText("Le fichier a été enregistré dans vos téléchargements.")).toBeVisible();
  });
});
