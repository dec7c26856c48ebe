// What every e2e file needs: the running server's address (from the global setup), a connection to
// its database (to look at what the UI did), and Debian's Chromium. `useWorld()` opens them before
// the file's tests and closes them after; each test gets fresh browser contexts (no shared cookies).
import { afterAll, afterEach, beforeAll, inject } from "vitest";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { connect, type Database } from "../../apps/idp/src/db/database.js";

// Flags from /work/shared/STACK.md: never `playwright install`, Debian's build is used as it is.
export const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: CHROMIUM_ARGS, timeout: 60_000 });
}

export interface World {
  baseUrl: string;
  db: Database;
  browser: Browser;
  /** A new page in a new browser context (a person at his own computer). */
  newPage(): Promise<Page>;
}

export function useWorld(): World {
  const contexts: BrowserContext[] = [];
  const world = { baseUrl: inject("baseUrl") } as World;
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
    return context.newPage();
  };

  beforeAll(async () => {
    world.db = connect(inject("databaseUrl"), 2);
    world.browser = await launchChromium();
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close().catch(() => undefined)));
  });
  afterAll(async () => {
    await world.browser?.close();
    await world.db?.close();
  });
  return world;
}
