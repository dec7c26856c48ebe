// Playwright's web-first assertions (they wait for the UI state), with a bound that suits a loaded
// 2-vCPU machine. Plain value matchers (toBe, toContain…) work as usual.
import { expect as playwrightExpect } from "@playwright/test";

export const expect = playwrightExpect.configure({ timeout: 20_000 });
