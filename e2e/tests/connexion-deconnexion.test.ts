// Guide: « Connexion / Déconnexion à l'Annuaire des Identités et des Accès (AIA) » and « Je visualise
// mon profil » — what a person does in the browser, against the running system.
import { describe, it } from "vitest";
import { useWorld } from "../support/world.js";
import { expect } from "../support/expect.js";
import { consoleAccessToken, fillLoginForm, signInToConsole } from "../support/sign-in.js";
import { SIMPLE_AGENT, WONDER } from "../support/people.js";

const world = useWorld();

describe("Connexion / Déconnexion à l'AIA", () => {
  it("Je me connecte à l'AIA via le portail Convergences : je clique sur le carré « Annuaire des Identités et des Accès »", async () => {
    const page = await world.newPage();
    await page.goto(`${world.baseUrl}/`);
    await expect(page.getByRole("heading", { name: "Bienvenue sur Convergences" })).toBeVisible();
    await page.getByRole("link", { name: "Se connecter" }).click();
    await fillLoginForm(page, WONDER);

    // Back on the portal: « Applications », the tiles of what she may use.
    await expect(page.getByRole("heading", { name: "Applications" })).toBeVisible();
    await expect(page.getByRole("link", { name: /Net-CAP/ })).toBeVisible();
    await page.getByRole("link", { name: /^Annuaire des Identités et des Accès/ }).click();

    // The console: no second password, the SSO session is used.
    await expect(page.getByText("Bienvenue, Wonder WOMAN")).toBeVisible();
    await expect(page).toHaveURL(/\/aia\//);
    await expect(
      page.getByRole("navigation", { name: "Menu principal" }).getByRole("link", { name: "Créer un utilisateur" }),
    ).toBeVisible();
  });

  it("Je me déconnecte de l'AIA : ma photo → « Déconnexion » → je confirme une fois → je suis de retour sur le portail des applications auxquelles je suis autorisée", async () => {
    const page = await world.newPage();
    await signInToConsole(page, world.baseUrl, WONDER);
    await page.getByRole("button", { name: "Menu du compte" }).click();
    await page.getByRole("menuitem", { name: "Déconnexion" }).click();
    const dialog = page.getByRole("dialog", { name: "Déconnexion" });
    await expect(dialog).toContainText("Voulez-vous vraiment vous déconnecter");
    const [revocation] = await Promise.all([
      page.waitForRequest((r) => r.method() === "POST" && new URL(r.url()).pathname.endsWith("/token/revocation")),
      dialog.getByRole("button", { name: "Se déconnecter" }).click(),
    ]);
    expect(revocation.postData()).toContain("token_type_hint=refresh_token");

    // No second question: the portal, with the tiles of her applications.
    await expect(page.getByRole("heading", { name: "Applications" })).toBeVisible();
    await expect(page).toHaveURL(`${world.baseUrl}/`);
    await expect(page.getByRole("link", { name: /Net-CAP/ })).toBeVisible();
    await expect(page.getByRole("button", { name: "Me déconnecter" })).toHaveCount(0);
  });
});

describe("Guide de l'utilisateur", () => {
  it("Je visualise mon profil : l'image en haut à droite → « Profil » → mes données et mes droits sur les applications", async () => {
    const page = await world.newPage();
    await signInToConsole(page, world.baseUrl, WONDER);
    await page.getByRole("button", { name: "Menu du compte" }).click();
    await page.getByRole("menuitem", { name: "Profil" }).click();

    await expect(page.getByRole("heading", { name: "Wonder WOMAN", level: 1 })).toBeVisible();
    const facts = page.getByRole("main");
    await expect(facts).toContainText("Identifiant");
    await expect(facts).toContainText(WONDER);
    await expect(facts).toContainText("cig-pc / collectivites / L'Haÿ-les-Roses / Direction générale / DirG RH AGRH");
    const roles = page.getByRole("table");
    await expect(roles.getByRole("row", { name: /Net-CAP.*Gestionnaire CAP coll\.\/EP/ })).toBeVisible();
    await expect(page.getByRole("button", { name: "Éditer" })).toBeVisible();
  });

  it("Un agent sans mandat de référent ne voit que son profil, et l'API lui refuse la liste des utilisateurs", async () => {
    const page = await world.newPage();
    const token = await consoleAccessToken(page, () => signInToConsole(page, world.baseUrl, SIMPLE_AGENT));

    await expect(page).toHaveURL(/\/aia\/profil$/);
    await expect(page.getByRole("heading", { name: "agent SIMPLE", level: 1 })).toBeVisible();
    const menu = page.getByRole("navigation", { name: "Menu principal" });
    await expect(menu.getByRole("link")).toHaveText(["Mon profil"]);
    await expect(page.getByText("Aucun rôle applicatif.")).toBeVisible();

    // A typed address shows a French page, not the screen; the API refuses the list anyway.
    await page.goto(`${world.baseUrl}/aia/utilisateurs`);
    await expect(page.getByRole("heading", { name: "Accès non autorisé", level: 1 })).toBeVisible();
    await expect(page.getByRole("button", { name: "Charger tous les utilisateurs" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Ajouter" })).toHaveCount(0);

    const response = await fetch(`${world.baseUrl}/api/v1/users?page=1&pageSize=20`, { headers: { Authorization: `Bearer ${token}` } });
    expect(response.status).toBe(403);
  });
});
