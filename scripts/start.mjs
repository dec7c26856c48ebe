// `pnpm start`: the whole system on the embedded default — the identity provider (with the portal,
// the admin API and the console) and, beside it, the demo relying party standing for BIP.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// node --import tsx (not the tsx CLI wrapper): signals reach the servers' own shutdown handlers.
const processes = [];

function run(name, entry, env = {}) {
  const child = spawn(process.execPath, ["--import", "tsx", entry], { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  child.on("exit", (code, signal) => {
    if (!stopping) {
      console.error(`[${name}] arrêté (${signal ?? code}) — arrêt de l'ensemble`);
      stop(code ?? 1);
    }
  });
  processes.push(child);
}

let stopping = false;
function stop(code = 0) {
  stopping = true;
  for (const p of processes) if (p.exitCode === null) p.kill("SIGTERM");
  setTimeout(() => process.exit(code), 3000).unref();
  Promise.all(processes.map((p) => (p.exitCode !== null ? null : new Promise((r) => p.once("exit", r))))).then(() => process.exit(code));
}
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));

// The console is served by the idp from its build: build it once if it is not there yet.
if (!fs.existsSync(path.join(root, "apps", "console", "dist", "index.html"))) {
  console.log("Construction de la console AIA (première fois)…");
  const vite = path.join(root, "apps", "console", "node_modules", ".bin", "vite");
  const built = spawnSync(vite, ["build", "--logLevel", "warn"], { cwd: path.join(root, "apps", "console"), stdio: "inherit" });
  if (built.status !== 0) console.error("La construction de la console a échoué : l'annuaire affichera une page d'explication (pnpm console:build).");
}
run("idp", "apps/idp/src/main.ts");
const demo = "apps/demo-rp/src/main.ts";
if (fs.existsSync(path.join(root, demo))) run("demo-rp", demo);
