// « Exporter »: the console fetches the CSV with its token and hands it to the browser as a download.
import fs from "node:fs/promises";
import type { Page } from "playwright-core";

export interface Downloaded {
  fileName: string;
  bytes: Buffer;
  /** The text without its BOM. */
  text: string;
}

export async function downloadFrom(page: Page, trigger: () => Promise<unknown>): Promise<Downloaded> {
  const [download] = await Promise.all([page.waitForEvent("download", { timeout: 30_000 }), trigger()]);
  const bytes = await fs.readFile(await download.path());
  return { fileName: download.suggestedFilename(), bytes, text: bytes.subarray(3).toString("utf8") };
}

export const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
