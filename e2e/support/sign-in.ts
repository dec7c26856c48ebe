// Signing in as people do: the provider's login form (adresse e-mail, mot de passe, « Se connecter »).
import type { Page } from "playwright-core";
import { PASSWORD } from "./people.js";

export async function fillLoginForm(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.getByLabel("Adresse e-mail").fill(email);
  await page.getByLabel("Mot de passe").fill(password);
  await page.getByRole("button", { name: "Se connecter" }).click();
}

/** Opens the console, signs in on the provider's page, and waits for the console's banner. */
export async function signInToConsole(page: Page, baseUrl: string, email: string, path = "/aia/"): Promise<void> {
  await page.goto(`${baseUrl}${path}`);
  await fillLoginForm(page, email);
  await page
    .getByText(/^Bienvenue, /)
    .waitFor({ timeout: 30_000 })
    .catch(async (error: Error) => {
      // Say where the browser stopped: the page's address and what it shows.
      const shown = await page.locator("body").innerText({ timeout: 2_000 }).catch(() => "(page illisible)");
      throw new Error(`${email} n'est pas arrivé(e) sur la console : ${page.url()}\n${shown.slice(0, 600)}\n${error.message}`);
    });
}

/** The access token the console sends to the admin API (captured from its next request). */
export async function consoleAccessToken(page: Page, trigger: () => Promise<unknown>): Promise<string> {
  const [request] = await Promise.all([
    page.waitForRequest((r) => r.url().includes("/api/v1/") && Boolean(r.headers().authorization)),
    trigger(),
  ]);
  return request.headers().authorization!.replace(/^Bearer /, "");
}

