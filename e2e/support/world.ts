// What every e2e file needs: the running server's address (from the global setup), a connection to
// its database (to look at what the UI did), and Debian's Chromium. `useWorld()` opens them before
// the file's tests and closes them after; each test gets fresh browser contexts (no shared cookies).
import { afterAll, afterEach, beforeAll, inject } from "vitest";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { connect, type Database } from "../../apps/idp/src/db/database.js";

// Never `playwright install` (it downloads a browser): Debian's Chromium is used as it is, with these flags.
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: CHROMIUM_ARGS, timeout: 60_000 });
}

export interface World {
  baseUrl: string;
  /** BIP (démo), the demo relying party started by the global setup (the portal's BIP tile leads there). */
  demoRpUrl: string;
  db: Database;
  browser: Browser;
  /** A new page in a new browser context (a person at his own computer). */
  newPage(): Promise<Page>;
}

/** What the browser said while a test ran (errors, refused requests), printed when the test fails. */
function watch(page: Page, log: string[]) {
  const at = () => new Date().toISOString().slice(11, 23);
  page.on("pageerror", (e) => log.push(`${at()} erreur JS : ${e.message}`));
  page.on("console", (m) => m.type() === "error" && log.push(`${at()} console : ${m.text()}`));
  page.on("requestfailed", (r) => log.push(`${at()} échec réseau : ${r.method()} ${r.url()} ${r.failure()?.errorText ?? ""}`));
  page.on("response", (r) => r.status() >= 400 && log.push(`${at()} ${r.status()} ${r.request().method()} ${r.url()}`));
  page.on("framenavigated", (f) => f === page.mainFrame() && log.push(`${at()} page : ${f.url()}`));
}

async function describePages(contexts: BrowserContext[], log: string[]): Promise<string> {
  const pages = contexts.flatMap((c) => c.pages());
  const shown = await Promise.all(
    pages.map(
      async (p) =>
        `— ${p.url()}\n${(
          await p
            .locator("body")
            .innerText({ timeout: 2_000 })
            .catch(() => "(illisible)")
        ).slice(0, 800)}`,
    ),
  );
  return [...log.slice(-40), ...shown].join("\n");
}

export function useWorld(): World {
  const contexts: BrowserContext[] = [];
  const log: string[] = [];
  const world = { baseUrl: inject("baseUrl"), demoRpUrl: inject("demoRpUrl") } as World;
  world.newPage = async () => {
    const context = await world.browser.newContext({
      viewport: { width: 1440, height: 900 },
      locale: "fr-FR",
      timezoneId: "Europe/Paris",
      acceptDownloads: true,
    });
    // Bounded waits for UI states (no fixed sleeps): generous, the machine runs other suites too.
    context.setDefaultTimeout(20_000);
    context.setDefaultNavigationTimeout(30_000);
    contexts.push(context);
    const page = await context.newPage();
    watch(page, log);
    return page;
  };

  beforeAll(async () => {
    world.db = connect(inject("databaseUrl"), 2);
    world.browser = await launchChromium();
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === "fail" || ctx.task.result?.errors?.length) {
      console.error(`[e2e] « ${ctx.task.name} » : état du navigateur\n${await describePages(contexts, log)}`);
    }
    log.length = 0;
    await Promise.all(contexts.splice(0).map((c) => c.close().catch(() => undefined)));
  });
  afterAll(async () => {
    await world.browser?.close();
    await world.db?.close();
  });
  return world;
}
