// `node scripts/run.mjs cli/seed [args…]`: runs one command-line tool of the identity provider from
// the production build (built first when missing or stale), as the server runs — so that every
// command behaves the same on a development clone and in the image (node apps/idp/dist/cli-*.js).
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build, outputName } from "./build.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error("usage : node scripts/run.mjs cli/<commande> [arguments]");
  process.exit(2);
}
await build({ ifStale: true });
const dist = path.join(root, "apps", "idp", "dist");
const child = spawn(
  process.execPath,
  ["--import", path.join(dist, "lib-runtime-notice.js"), path.join(dist, outputName(`${entry}.ts`)), ...args.filter((a) => a !== "--")],
  { stdio: "inherit" },
);
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
