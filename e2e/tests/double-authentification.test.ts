// Double authentification in Chromium: a référent enrols an authenticator application with the code
// computed from the secret shown on the page; an agent registers a passkey in a virtual authenticator
// (Chrome DevTools Protocol, WebAuthn domain), signs in with it without a password, then with his
// password and the passkey, and removes it.
// WebAuthn needs a relying-party id that is a host name, not an IP address: this file starts its own
// seeded server whose public address is http://localhost:<port>, with nobody enrolled yet.
import { afterAll, afterEach, beforeAll, describe, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { startTestServer, freePort, type TestServer } from "../../apps/idp/test/support/server.js";
import { hashPassword } from "../../apps/idp/src/auth/password.js";
import { totpCode, totpStep } from "../../apps/idp/src/mfa/totp.js";
import { launchChromium } from "../support/world.js";
import { expect } from "../support/expect.js";
import { PASSWORD } from "../support/people.js";

const SOPHIE = "sophie.bernard@nanterre.fr"; // référente of Nanterre
const JULIEN = "julien.petit@lhaylesroses.fr"; // agent

describe("Double authentification", () => {
  let server: TestServer;
  let browser: Browser;
  let base: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    const port = await freePort();
    base = `http://localhost:${port}`;
    server = await startTestServer({ PORT: String(port), PUBLIC_URL: base });
    const passwordHash = await hashPassword(PASSWORD);
    await server.db.prisma.user.updateMany({
      where: { emailLower: { in: [SOPHIE, JULIEN] } },
      data: { passwordHash, passwordChangedAt: new Date() },
    });
    browser = await launchChromium();
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close().catch(() => undefined)));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ locale: "fr-FR", timezoneId: "Europe/Paris" });
    context.setDefaultTimeout(20_000);
    contexts.push(context);
    return context.newPage();
  }

  async function signInWithPassword(page: Page, email: string) {
    await page.goto(`${base}/connexion`);
    await page.getByLabel("Adresse e-mail").fill(email);
    await page.getByLabel("Mot de passe").fill(PASSWORD);
    await page.getByRole("button", { name: "Se connecter", exact: true }).click();
  }

  async function signOut(page: Page) {
    await page.goto(`${base}/`);
    await page.getByRole("button", { name: "Déconnexion" }).click();
    await page.getByRole("button", { name: "Me déconnecter" }).click();
    await expect(page.getByRole("heading", { name: "Vous êtes déconnecté" })).toBeVisible();
  }

  it("Je suis référente : à ma première connexion j'active une application d'authentification (QR code, clé en clair, premier code) et je reçois dix codes de secours", async () => {
    const page = await newPage();
    await signInWithPassword(page, SOPHIE);
    await expect(page.getByRole("heading", { name: "Activer la double authentification" })).toBeVisible();
    await expect(page.getByRole("img", { name: /QR code/ })).toBeVisible();
    const secret = (await page.locator("#cle-secrete").innerText()).replace(/\s/g, "");
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    // With the keyboard: the code field, then « Activer ».
    await page.getByLabel("Code à 6 chiffres", { exact: true }).fill(totpCode(secret, totpStep()));
    await page.keyboard.press("Enter");
    await expect(page.getByRole("heading", { name: "Vos codes de secours" })).toBeVisible();
    await expect(page.locator("#codes-de-secours li")).toHaveCount(10);
    await page.getByRole("button", { name: "J'ai noté mes codes, continuer" }).click();
    await expect(page.getByRole("heading", { name: "Applications" })).toBeVisible();

    // The next sign-in asks for the code of the application.
    await signOut(page);
    await signInWithPassword(page, SOPHIE);
    await expect(page.getByRole("heading", { name: "Vérification en deux étapes" })).toBeVisible();
    await page.getByLabel("Code à 6 chiffres de votre application d'authentification").fill(totpCode(secret, totpStep() + 1));
    await page.getByRole("button", { name: "Valider" }).click();
    await expect(page.getByRole("heading", { name: "Applications" })).toBeVisible();
  });

  it("J'enregistre une clé d'accès, je me connecte avec elle sans mot de passe, puis avec mon mot de passe et la clé, et je la supprime", async () => {
    const page = await newPage();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("WebAuthn.enable");
    const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
      options: {
        protocol: "ctap2",
        transport: "internal",
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });

    // An agent enrols voluntarily, from « Sécurité du compte » on the portal.
    await signInWithPassword(page, JULIEN);
    await expect(page.getByRole("heading", { name: "Applications" })).toBeVisible();
    await page.getByRole("link", { name: "Sécurité du compte" }).click();
    await expect(page.getByText("Vous vous connectez avec votre seul mot de passe.")).toBeVisible();
    await page.getByRole("link", { name: "Ajouter un moyen de connexion" }).click();
    await page.getByLabel("Nom de la clé (pour la reconnaître plus tard)").fill("Ordinateur du bureau");
    await page.getByRole("button", { name: "Enregistrer une clé d'accès" }).click();
    await expect(page.getByRole("heading", { name: "Sécurité du compte" })).toBeVisible();
    await expect(page.getByText("Ordinateur du bureau")).toBeVisible();
    const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
    expect(credentials).toHaveLength(1);
    expect(credentials[0]!.isResidentCredential).toBe(true);
    expect(
      await server.db.prisma.mailOutbox.count({
        where: { to: JULIEN, subject: { contains: "Un nouveau moyen de connexion a été ajouté à votre compte" } },
      }),
    ).toBe(1);

    // Passwordless: « Se connecter avec une clé d'accès » on the login page.
    await signOut(page);
    await page.goto(`${base}/connexion`);
    await page.getByRole("button", { name: "Se connecter avec une clé d'accès" }).click();
    await expect(page.getByRole("heading", { name: "Applications" })).toBeVisible();
    await expect(page.getByText("Bienvenue, Julien PETIT")).toBeVisible();

    // Password, then the passkey as the second factor.
    await signOut(page);
    await signInWithPassword(page, JULIEN);
    await expect(page.getByRole("heading", { name: "Vérification en deux étapes" })).toBeVisible();
    await page.getByRole("button", { name: "Utiliser une clé d'accès" }).click();
    await expect(page.getByRole("heading", { name: "Applications" })).toBeVisible();

    // Removed from « Sécurité du compte » (the sign-in just made is a fresh second factor).
    await page.goto(`${base}/securite`);
    await page.getByRole("button", { name: "Supprimer Ordinateur du bureau" }).click();
    await expect(page.getByText("« Ordinateur du bureau » est supprimé.")).toBeVisible();
    await expect(page.getByText("Vous vous connectez avec votre seul mot de passe.")).toBeVisible();
    expect(await server.db.prisma.authFactor.count({ where: { user: { emailLower: JULIEN }, confirmedAt: { not: null } } })).toBe(0);

    // The passkey no longer signs in.
    await signOut(page);
    await page.goto(`${base}/connexion`);
    await page.getByRole("button", { name: "Se connecter avec une clé d'accès" }).click();
    await expect(page.getByRole("alert")).toContainText("Cette clé d'accès n'est pas reconnue");
  });
});
