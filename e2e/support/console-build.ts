// The console must be built for the server to serve it under /aia/. Built here once, with Vite's API,
// when apps/console/dist is missing or older than the console's sources or the shared contract.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { repoRoot } from "./paths.js";

const consoleDir = path.join(repoRoot, "apps/console");
const builtIndex = path.join(consoleDir, "dist/index.html");
const sources = [
  path.join(consoleDir, "src"),
  path.join(consoleDir, "public"),
  path.join(consoleDir, "index.html"),
  path.join(consoleDir, "vite.config.ts"),
  path.join(repoRoot, "packages/contract/src"),
];

function newestMtime(entry: string): number {
  if (!fs.existsSync(entry)) return 0;
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of fs.readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, child)));
  return newest;
}

export function consoleIsStale(): boolean {
  if (!fs.existsSync(builtIndex)) return true;
  const built = fs.statSync(builtIndex).mtimeMs;
  return sources.some((s) => newestMtime(s) > built);
}

export async function buildConsoleIfStale(): Promise<"built" | "fresh"> {
  if (!consoleIsStale()) return "fresh";
  // The console's own Vite (the same version the console is developed with).
  const vite = (await import(pathToFileURL(path.join(consoleDir, "node_modules/vite/dist/node/index.js")).href)) as typeof import("vite");
  // Vitest sets NODE_ENV=test, and Vite (hence React) would honour it: a development build, with
  // StrictMode's doubled effects. The console is built as in production, then NODE_ENV is restored.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  try {
    await vite.build({ root: consoleDir, configFile: path.join(consoleDir, "vite.config.ts"), mode: "production", logLevel: "warn" });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  return "built";
}
