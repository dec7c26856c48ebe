// `pnpm screenshots`: every screen of the AIA console, photographed in Chromium against the running
// system (provider login, admin API, built console) on a fresh seeded database. PNGs go to
// docs/screenshots/. The seeded people's passwords are set directly in the database for this.
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { chromium, type Page } from "playwright-core";
import { createRequire } from "node:module";
import { startTestServer } from "../apps/idp/test/support/server.js";
import { hashPassword } from "../apps/idp/src/auth/password.js";
import { totpCode, totpStep } from "../apps/idp/src/mfa/totp.js";
import { TOTP_SECRET } from "./support/people.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// sharp is a dependency of the idp (photo re-encoding), not of e2e.
const sharp = createRequire(path.join(root, "apps/idp/package.json"))("sharp") as typeof import("sharp");
const out = path.join(root, "docs", "screenshots");
const PASSWORD = "Captures-d-ecran-2026!";
const REFERENT = "wonder.woman@yopmail.com";
const CIG_ADMIN = "correspondantcig@cig929394.fr";

if (!fs.existsSync(path.join(root, "apps/console/dist/index.html"))) {
  const built = spawnSync(path.join(root, "apps/console/node_modules/.bin/vite"), ["build", "--logLevel", "warn"], {
    cwd: path.join(root, "apps/console"),
    stdio: "inherit",
  });
  if (built.status !== 0) throw new Error("la construction de la console a échoué");
}
fs.mkdirSync(out, { recursive: true });

const server = await startTestServer();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
});
const shots: string[] = [];

/** Both widths of the e2e layout checks: a laptop and a phone. File names end with the width. */
const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
] as const;
let suffix = "";

async function shoot(page: Page, name: string) {
  await page.waitForLoadState("networkidle").catch(() => undefined);
  await page.waitForTimeout(300); // let transitions (dialogs, menus) finish
  const file = path.join(out, `${name}-${suffix}.png`);
  await page.screenshot({ path: file });
  shots.push(file);
  console.log(`  ${path.relative(root, file)}`);
}

const usedSteps = new Map<string, number>();

async function login(page: Page, email: string) {
  await page.goto(`${server.url}/aia/`);
  await page.locator("#email").fill(email);
  await page.locator("#password").fill(PASSWORD);
  await page.locator("#password").press("Enter");
  // Référents sign in with a second factor (the seeded TOTP secret of e2e/support/people.ts).
  await page
    .waitForURL((u) => u.pathname.endsWith("/verification") || u.pathname.startsWith("/aia/"), { timeout: 15_000 })
    .catch(() => undefined);
  if (new URL(page.url()).pathname.endsWith("/verification")) {
    // Each code is accepted once: a second sign-in (the other width) waits for the next step.
    const step = Math.max(totpStep(), (usedSteps.get(email) ?? 0) + 1);
    while (step > totpStep() + 1) await new Promise((r) => setTimeout(r, 500));
    usedSteps.set(email, step);
    await page.getByLabel(/Code à 6 chiffres/).fill(totpCode(TOTP_SECRET, step));
    await page.getByRole("button", { name: "Valider" }).click();
  }
  // A consent step, if the provider shows one.
  const consent = page.getByRole("button", { name: /Autoriser|Continuer|Accepter/ });
  await Promise.race([page.waitForURL(/\/aia\//, { timeout: 15_000 }), consent.waitFor({ timeout: 15_000 }).then(() => consent.click())]);
  await page.getByText(/^Bienvenue,/).waitFor({ timeout: 15_000 });
}

try {
  const { prisma } = server.db;
  const passwordHash = await hashPassword(PASSWORD);
  for (const email of [REFERENT, CIG_ADMIN]) {
    const user = await prisma.user.update({ where: { emailLower: email }, data: { passwordHash, passwordChangedAt: new Date() } });
    await prisma.authFactor.create({
      data: {
        userId: user.id,
        kind: "TOTP",
        name: "Application d'authentification",
        totpSecretEncrypted: server.box.seal(TOTP_SECRET),
        confirmedAt: new Date(),
      },
    });
  }
  // Wonder Woman's photo, as in the guide's banner.
  const photo = await sharp(
    Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="160" height="160"><rect width="160" height="160" fill="#f6c343"/><circle cx="80" cy="62" r="34" fill="#8d5524"/><rect x="30" y="104" width="100" height="70" rx="40" fill="#c8102e"/><polygon points="80,18 88,36 108,36 92,46 98,64 80,54 62,64 68,46 52,36 72,36" fill="#ffd700"/></svg>`,
    ),
  )
    .png()
    .toBuffer();
  await prisma.user.update({ where: { emailLower: REFERENT }, data: { photo, photoType: "image/png", photoUpdatedAt: new Date() } });

  // Older captures had no width in their names: replaced by the two widths.
  for (const f of fs.readdirSync(out)) if (/^\d\d-.*(?<!-1280|-390)\.png$/.test(f)) fs.rmSync(path.join(out, f));
  for (const viewport of VIEWPORTS) {
    suffix = String(viewport.width);
    const context = await browser.newContext({ viewport, locale: "fr-FR", timezoneId: "Europe/Paris" });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    console.log(`Captures en ${viewport.width}×${viewport.height} (référent ${REFERENT}) :`);
    await login(page, REFERENT);

    // Créer un utilisateur
    await page.goto(`${server.url}/aia/creer-un-utilisateur`);
    await page.getByLabel(/Adresse mail/).fill(`nouvel.agent.${viewport.width}@lhay-les-roses.fr`);
    await page.getByRole("button", { name: "Vérifier l'adresse mail" }).click();
    await page.getByText("Aucun compte utilisateur n'existe avec cette adresse email").waitFor();
    await shoot(page, "01-creer-un-utilisateur-email");
    await page.getByRole("button", { name: "Suivant" }).click();
    await page.getByRole("textbox", { name: /^Nom/ }).fill("MARTIN");
    await page.getByRole("textbox", { name: /^Prénom/ }).fill("Léa");
    await page.getByRole("combobox", { name: /Structure d'appartenance/ }).click();
    await page.getByRole("option", { name: "DirG RH AGRH" }).first().click();
    await shoot(page, "02-creer-un-utilisateur-informations");
    await page.getByRole("button", { name: "Suivant" }).click();
    await page
      .getByRole("button", { name: /Déplier les rôles de/ })
      .first()
      .click();
    await page.getByRole("checkbox").first().check();
    await shoot(page, "03-creer-un-utilisateur-roles");
    await page.getByRole("button", { name: "Suivant" }).last().click();
    await shoot(page, "04-creer-un-utilisateur-recapitulatif");
    await page.getByRole("button", { name: "Ajouter" }).click();
    await page.getByText(/est créé dans l'annuaire/).waitFor();
    await shoot(page, "05-creer-un-utilisateur-creation");

    // Utilisateurs
    await page.goto(`${server.url}/aia/utilisateurs`);
    await shoot(page, "06-utilisateurs-par-defaut");
    await page.getByRole("button", { name: "Charger tous les utilisateurs" }).click();
    await page.getByText(/ sur \d+/).waitFor();
    await shoot(page, "07-utilisateurs-charges");
    await page.getByRole("button", { name: "Ajouter" }).click();
    await shoot(page, "08-utilisateurs-ajouter");
    await page.getByRole("button", { name: "Annuler" }).click();
    await page
      .getByRole("button", { name: /^Actions pour / })
      .first()
      .click();
    await page.getByRole("menuitem", { name: "Supprimer l'utilisateur" }).click();
    // The dialog reads the card first: what removing means for me (retirer / supprimer le compte).
    await page
      .getByRole("dialog")
      .getByRole("button", { name: /^(Supprimer|Retirer)$/ })
      .waitFor();
    await shoot(page, "09-utilisateurs-supprimer-confirmation");
    await page.getByRole("button", { name: "Annuler" }).click();
    await page.getByRole("button", { name: "Actions sur la liste des utilisateurs" }).click();
    await shoot(page, "10-utilisateurs-exporter");
    await page.keyboard.press("Escape");

    // Fiche + Éditer l'utilisateur
    await page.getByRole("table").getByRole("link").first().click();
    await page.getByRole("button", { name: "Éditer l'utilisateur" }).waitFor();
    await shoot(page, "11-fiche-utilisateur");
    await page.getByRole("button", { name: "Éditer l'utilisateur" }).click();
    await shoot(page, "12-editer-utilisateur");
    await page.getByRole("button", { name: "Annuler" }).click();

    // Applications
    await page.goto(`${server.url}/aia/applications`);
    await page.getByRole("button", { name: /^Net-CAP/ }).click();
    await page.getByRole("button", { name: /^Gestionnaire CAP/ }).click();
    await page.getByRole("button", { name: "Charger tous les utilisateurs" }).click();
    await page.getByText(/Membres \(\d+\)/).waitFor();
    await shoot(page, "13-applications-role-membres");
    await page.getByRole("button", { name: "Affecter" }).click();
    await page.getByRole("textbox", { name: "Rechercher" }).fill("mar");
    await page.getByText(/Utilisateurs \(\d+\)/).waitFor();
    await page.getByRole("dialog").getByRole("checkbox").first().check();
    await shoot(page, "14-applications-affecter");
    await page.getByRole("button", { name: "Annuler" }).click();
    await page.getByRole("dialog").waitFor({ state: "detached" });
    const rowActions = page.getByRole("button", { name: /^Actions pour / }).first();
    if (await rowActions.count()) {
      await rowActions.click();
      await shoot(page, "15-applications-menu-membre");
      await page.getByRole("menuitem", { name: "Réaffecter le membre à un autre rôle" }).click();
      await page.getByRole("radio").first().check();
      await shoot(page, "16-applications-reaffecter");
      await page.getByRole("button", { name: "Annuler" }).click();
    }

    // Structures
    await page.goto(`${server.url}/aia/structures`);
    const unfold = page.getByRole("button", { name: "Déplier Direction générale" }).first();
    if (await unfold.count()) await unfold.click();
    await page.getByRole("button", { name: "DirG RH AGRH", exact: true }).first().click();
    await page.getByRole("button", { name: "Charger tous les utilisateurs" }).click();
    await page.getByText("Détails de la liste des membres").first().waitFor();
    await page
      .getByRole("checkbox", { name: /^Sélectionner (?!toute)/ })
      .first()
      .check();
    await page.getByRole("button", { name: "Actions sur les utilisateurs de la structure" }).click();
    await shoot(page, "17-structures");
    await page.keyboard.press("Escape");

    // Profil, photo, déconnexion
    await page.getByRole("button", { name: "Menu du compte" }).click();
    await shoot(page, "18-menu-du-compte");
    await page.getByRole("menuitem", { name: "Profil" }).click();
    await page.getByText("Applications et Rôles").waitFor();
    await shoot(page, "19-profil");
    await page.getByRole("button", { name: "Éditer" }).click();
    await shoot(page, "20-profil-photo");
    await page.getByRole("button", { name: "Annuler" }).click();
    await page.getByRole("button", { name: "Menu du compte" }).click();
    await page.getByRole("menuitem", { name: "Déconnexion" }).click();
    await shoot(page, "21-deconnexion-confirmation");
    await context.close();

    // CIG administrator's screens
    console.log(`Captures (administrateur CIG ${CIG_ADMIN}) :`);
    const admin = await browser.newContext({ viewport, locale: "fr-FR", timezoneId: "Europe/Paris" });
    admin.setDefaultTimeout(15_000);
    const adminPage = await admin.newPage();
    await login(adminPage, CIG_ADMIN);
    await adminPage.goto(`${server.url}/aia/admin/referents`);
    await adminPage.getByRole("table", { name: "Liste des référents" }).waitFor();
    await shoot(adminPage, "22-admin-referents");
    await adminPage.goto(`${server.url}/aia/admin/applications`);
    await adminPage.getByRole("button", { name: "BIP" }).click();
    await adminPage.getByRole("button", { name: "Renouveler le secret" }).waitFor();
    await shoot(adminPage, "23-admin-parametres-application");
    await adminPage.goto(`${server.url}/aia/admin/journal`);
    await adminPage.getByRole("table", { name: "Événements du journal d'audit" }).waitFor();
    await shoot(adminPage, "24-admin-journal-audit");
    await admin.close();
  }
  console.log(`${shots.length} captures dans ${path.relative(root, out)}/`);
} finally {
  await browser.close();
  await server.stop();
}
