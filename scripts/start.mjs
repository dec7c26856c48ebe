// `pnpm start`: the identity provider (with the portal, the admin API and the console) from its
// production build, run by plain node — built first when missing or older than the sources. Beside
// it, in development only, the demo relying party standing for BIP: on the embedded default (no
// DATABASE_URL, NODE_ENV not production) unless DEMO_RP=0, or anywhere with DEMO_RP=1. The demo RP
// is a development aid: when it stops, the identity provider goes on.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { SERVER_NODE_OPTIONS } from "./node-options.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const env = process.env;
const processes = [];

// Build (about a second) unless an up-to-date build is there. Without esbuild (an install without the
// development dependencies) an existing build is used as it is.
let build;
try {
  build = await import("./build.mjs");
} catch {}
if (build) {
  try {
    await build.build({ ifStale: true });
  } catch (e) {
    console.error(`La construction du serveur a échoué : ${e.message}`);
    process.exit(1);
  }
}
const idpMain = path.join(root, "apps", "idp", "dist", "main.js");
if (!fs.existsSync(idpMain)) {
  console.error("apps/idp/dist/main.js absent : lancez pnpm build (ou pnpm install pour installer esbuild).");
  process.exit(1);
}

// The console is served by the idp from its build: build it once if it is not there yet.
if (!fs.existsSync(path.join(root, "apps", "console", "dist", "index.html"))) {
  console.log("Construction de la console AIA (première fois)…");
  const vite = path.join(root, "apps", "console", "node_modules", ".bin", "vite");
  const built = spawnSync(vite, ["build", "--logLevel", "warn"], { cwd: path.join(root, "apps", "console"), stdio: "inherit" });
  if (built.status !== 0)
    console.error("La construction de la console a échoué : l'annuaire affichera une page d'explication (pnpm console:build).");
}

let stopping = false;
function run(name, args, extraEnv, { essential }) {
  const child = spawn(process.execPath, args, { cwd: root, stdio: "inherit", env: { ...env, ...extraEnv } });
  child.on("exit", (code, signal) => {
    if (stopping) return;
    if (essential) {
      console.error(`[${name}] arrêté (${signal ?? code}) — arrêt de l'ensemble`);
      stop(code ?? 1);
    } else {
      console.error(`[${name}] arrêté (${signal ?? code}) — le fournisseur d'identité continue`);
    }
  });
  processes.push(child);
}

function stop(code = 0) {
  stopping = true;
  for (const p of processes) if (p.exitCode === null && p.signalCode === null) p.kill("SIGTERM");
  setTimeout(() => process.exit(code), 3000).unref();
  Promise.all(processes.map((p) => (p.exitCode !== null || p.signalCode !== null ? null : new Promise((r) => p.once("exit", r))))).then(
    () => process.exit(code),
  );
}
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));

// The demo RP's addresses follow the identity provider's own settings, so that PORT=4000 alone works.
const port = env.PORT || "3000";
const demoPort = env.DEMO_RP_PORT || "3001";
const demoUrl = env.DEMO_RP_URL || `http://localhost:${demoPort}`;
const production = !!env.DATABASE_URL || env.NODE_ENV === "production";
const demo = env.DEMO_RP === "1" || (env.DEMO_RP !== "0" && !production);

run(
  "idp",
  [...SERVER_NODE_OPTIONS, "--import", path.join(root, "apps/idp/dist/lib-runtime-notice.js"), idpMain],
  { DEMO_RP_URL: demoUrl },
  { essential: true },
);
const demoMain = path.join(root, "apps", "demo-rp", "dist", "main.js");
if (demo && fs.existsSync(demoMain)) {
  run(
    "demo-rp",
    [demoMain],
    { DEMO_RP_PORT: demoPort, DEMO_RP_URL: demoUrl, IDP_URL: env.IDP_URL || env.PUBLIC_URL || `http://localhost:${port}` },
    { essential: false },
  );
}
