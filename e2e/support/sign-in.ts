// Signing in as people do: the provider's login form (adresse e-mail, mot de passe, « Se connecter »),
// then, for a référent or CIG administrator, the code of his authenticator application.
import { inject } from "vitest";
import pg from "pg";
import type { Page } from "playwright-core";
import { PASSWORD, TOTP_SECRET } from "./people.js";
import { totpCode, totpStep } from "../../apps/idp/src/mfa/totp.js";

/**
 * The code an authenticator shows, for a step this account has not used yet (each code is accepted
 * once): the last step used is read from the database, and the helper waits when the next unused
 * step is still ahead of the ±1 step window.
 */
export async function nextTotpCode(email: string, secret = TOTP_SECRET): Promise<string> {
  const client = new pg.Client({ connectionString: inject("databaseUrl") });
  await client.connect();
  try {
    const { rows } = await client.query<{ last: string | null }>(
      `SELECT max(f."totpLastStep")::text AS last FROM "AuthFactor" f JOIN "User" u ON u.id = f."userId" WHERE u."emailLower" = lower($1) AND f.kind = 'TOTP'`,
      [email],
    );
    // Never the previous step: on a loaded machine it may be two steps old when the server checks it.
    const step = Math.max(totpStep(), Number(rows[0]?.last ?? 0) + 1);
    while (step > totpStep() + 1) await new Promise((r) => setTimeout(r, 500));
    return totpCode(secret, step);
  } finally {
    await client.end();
  }
}

export async function fillLoginForm(page: Page, email: string, password = PASSWORD): Promise<void> {
  const form = page.url();
  await page.getByLabel("Adresse e-mail").fill(email);
  await page.getByLabel("Mot de passe").fill(password);
  await page.getByRole("button", { name: "Se connecter", exact: true }).click();
  await page.waitForURL((u) => u.href !== form);
  if (new URL(page.url()).pathname.endsWith("/verification")) await answerTotp(page, email);
}

/** The second step: the code of the account's authenticator application. */
export async function answerTotp(page: Page, email: string, secret = TOTP_SECRET): Promise<void> {
  await page.getByLabel("Code à 6 chiffres de votre application d'authentification").fill(await nextTotpCode(email, secret));
  await page.getByRole("button", { name: "Valider" }).click();
  await page.waitForURL((u) => !u.pathname.endsWith("/verification") && !u.pathname.endsWith("/verification/code"));
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
      const shown = await page
        .locator("body")
        .innerText({ timeout: 2_000 })
        .catch(() => "(page illisible)");
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
