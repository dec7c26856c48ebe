// Sécurité des pages dans un vrai navigateur : la politique de sécurité du contenu (sans
// 'unsafe-inline') laisse passer les styles des pages du serveur et de la console (nonce), aucune
// violation n'est signalée, et aucune page ne se laisse afficher dans le cadre d'un autre site.
import { describe, it } from "vitest";
import type { Page } from "playwright-core";
import { useWorld } from "../support/world.js";
import { expect } from "../support/expect.js";
import { fillLoginForm } from "../support/sign-in.js";
import { SIMPLE_AGENT } from "../support/people.js";

const world = useWorld();

/** Every CSP violation the page reports (securitypolicyviolation events, from the first script on). */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const seen: string[] = ((window as unknown as { __violations: string[] }).__violations = []);
    document.addEventListener("securitypolicyviolation", (e) =>
      seen.push(`${e.violatedDirective} ${e.blockedURI} ${document.location.pathname} ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`),
    );
  });
  const all: string[] = [];
  page.on("framenavigated", async (f) => {
    if (f === page.mainFrame())
      all.push(...(await f.evaluate(() => (window as unknown as { __violations?: string[] }).__violations ?? []).catch(() => [])));
  });
  return async () => [...all, ...(await page.evaluate(() => (window as unknown as { __violations?: string[] }).__violations ?? []))];
}

describe("Sécurité des pages dans le navigateur", () => {
  it("la page de connexion, le portail, la console et la confirmation de déconnexion s'affichent avec leurs styles, sans aucune violation de la politique de sécurité", async () => {
    const page = await world.newPage();
    const violations = await watchViolations(page);

    await page.goto(`${world.baseUrl}/connexion`);
    await expect(page.getByRole("heading", { name: "Connexion" })).toBeVisible();
    // The shell's <style> applied (nonce): the blue banner.
    expect(await page.locator("header").evaluate((h) => getComputedStyle(h).backgroundColor)).toBe("rgb(11, 79, 138)");
    expect(await violations()).toEqual([]);
    await fillLoginForm(page, SIMPLE_AGENT);
    await expect(page.getByRole("heading", { name: "Applications" })).toBeVisible();
    expect(await violations()).toEqual([]);

    // The console (the SSO session opens it): MUI's styles are written by Emotion with the page's nonce.
    await page.goto(`${world.baseUrl}/aia/`);
    await expect(page.getByText(/^Bienvenue, /)).toBeVisible();
    const banner = page.locator("header").first();
    expect(await banner.evaluate((h) => getComputedStyle(h).position)).not.toBe("static");
    expect(await page.evaluate(() => [...document.querySelectorAll("style")].every((s) => s.nonce !== ""))).toBe(true);
    expect(await violations()).toEqual([]);

    await page.goto(`${world.baseUrl}/session/end`);
    await expect(page.getByRole("button", { name: "Me déconnecter" })).toBeVisible();
    expect(await violations()).toEqual([]);
  });

  it("une page de Convergences ne s'affiche pas dans le cadre d'un autre site", async () => {
    const page = await world.newPage();
    // Another site's page (served from a different origin: the loopback address under another name).
    const other = world.baseUrl.replace("127.0.0.1", "localhost");
    await page.route(`${other}/piege`, (route) =>
      route.fulfill({
        contentType: "text/html",
        body: `<!doctype html><title>piège</title><iframe src="${world.baseUrl}/connexion"></iframe>`,
      }),
    );
    await page.goto(`${other}/piege`, { waitUntil: "load" }); // the frames have loaded (or been refused) by then
    const frame = page.frames().find((f) => f !== page.mainFrame())!;
    // The browser refused to show it: the frame holds an error page, not ours.
    expect(frame.url()).not.toContain(world.baseUrl);
    expect(await frame.locator("h1", { hasText: "Connexion" }).count()).toBe(0);
  });
});
