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
  await page.getByText(/^Bienvenue, /).waitFor();
}

/** The access token the console sends to the admin API (captured from its next request). */
export async function consoleAccessToken(page: Page, trigger: () => Promise<unknown>): Promise<string> {
  const [request] = await Promise.all([
    page.waitForRequest((r) => r.url().includes("/api/v1/") && Boolean(r.headers().authorization)),
    trigger(),
  ]);
  return request.headers().authorization!.replace(/^Bearer /, "");
}

