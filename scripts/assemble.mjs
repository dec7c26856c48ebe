// `pnpm run assemble <dir>` (after `pnpm build`): the tree that runs in production, and only that —
// what the image copies into its last stage (Dockerfile), and what CI starts to check it:
//   <dir>/apps/idp/dist/            the built server and its commands (node apps/idp/dist/main.js)
//   <dir>/apps/idp/node_modules/    the server's production dependencies (pnpm deploy --prod)
//   <dir>/apps/idp/package.json     ("type": "module" for the built files)
//   <dir>/apps/idp/src/auth/common-passwords.txt, <dir>/prisma/migrations/, <dir>/apps/console/dist/
//                                   files the server reads, at the paths it reads them from the repository
// No TypeScript, no tests, no development dependency, no demo relying party.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const out = process.argv.slice(2).find((a) => a !== "--");
if (!out) {
  console.error("usage : pnpm run assemble <répertoire>");
  process.exit(2);
}
const target = path.resolve(out);
for (const needed of ["apps/idp/dist/main.js", "apps/console/dist/index.html"]) {
  if (!fs.existsSync(path.join(root, needed))) {
    console.error(`${needed} absent : lancez pnpm build d'abord.`);
    process.exit(1);
  }
}
if (fs.existsSync(target) && fs.readdirSync(target).length) {
  console.error(`${target} n'est pas vide.`);
  process.exit(1);
}

// pnpm itself: the one running this script (npm_execpath), else the one on the PATH.
// pnpm 12 is a native executable; earlier ones are JavaScript files run by node.
const execpath = process.env.npm_execpath;
const pnpm = !execpath ? ["pnpm"] : /\.[cm]?js$/.test(execpath) ? [process.execPath, execpath] : [execpath];
const idp = path.join(target, "apps", "idp");
execFileSync(pnpm[0], [...pnpm.slice(1), "--filter", "@convergences/idp", "deploy", "--prod", idp], { cwd: root, stdio: "inherit" });

// deploy copies the whole package: keep the build, the dependencies and package.json.
for (const entry of fs.readdirSync(idp)) {
  if (!["dist", "node_modules", "package.json"].includes(entry)) fs.rmSync(path.join(idp, entry), { recursive: true, force: true });
}
// Source maps are for development; the directory generator is a benchmark tool (its names come from a
// development dependency).
for (const f of fs.readdirSync(path.join(idp, "dist"))) {
  if (f.endsWith(".map") || f.startsWith("cli-generate-users.")) fs.rmSync(path.join(idp, "dist", f));
}
const copy = (rel) => fs.cpSync(path.join(root, rel), path.join(target, rel), { recursive: true });
copy("apps/idp/src/auth/common-passwords.txt");
copy("prisma/migrations");
copy("apps/console/dist");

// Prisma's runtime ships the engines of every database (~70 MB of base64 wasm); the client runs the
// PostgreSQL query compiler only (engineType "client" + the pg adapter).
const store = path.join(idp, "node_modules", ".pnpm");
let pruned = 0;
for (const dir of fs.readdirSync(store).filter((d) => d.startsWith("@prisma+client@"))) {
  const runtime = path.join(store, dir, "node_modules", "@prisma", "client", "runtime");
  for (const f of fs.existsSync(runtime) ? fs.readdirSync(runtime) : []) {
    if (/^query_engine_bg\./.test(f) || /^query_compiler_bg\.(?!postgresql\.)/.test(f) || f.endsWith(".map")) {
      pruned += fs.statSync(path.join(runtime, f)).size;
      fs.rmSync(path.join(runtime, f));
    }
  }
}
console.log(`Arbre de production dans ${target} (moteurs Prisma inutilisés retirés : ${(pruned / 1048576).toFixed(0)} Mo)`);
