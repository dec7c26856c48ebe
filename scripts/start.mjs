// `pnpm start`: the whole system on the embedded default — the identity provider (with the portal,
// the admin API and the console) and, beside it, the demo relying party standing for BIP.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const tsx = path.join(root, "node_modules", ".bin", "tsx");
const processes = [];

function run(name, entry, env = {}) {
  const child = spawn(tsx, [entry], { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
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

run("idp", "apps/idp/src/main.ts");
const demo = "apps/demo-rp/src/main.ts";
if (fs.existsSync(path.join(root, demo))) run("demo-rp", demo);
