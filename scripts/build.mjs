// `pnpm build` (server part): bundles the identity provider, its command-line tools and the demo
// relying party to plain JavaScript run by `node`, without TypeScript at run time.
//
// What is bundled: our own code and the workspace packages (@convergences/contract, @convergences/html). What stays in
// node_modules, loaded by node as usual: every npm package — argon2's native .node, PGlite's wasm and
// data files, Prisma's runtime and query compiler (wasm) are files those packages find next to
// themselves, and bundling them would mean copying those files by hand.
//
// Usage: node scripts/build.mjs [--if-stale] — with --if-stale, builds only when an output is missing
// or older than a source (what `pnpm start` and the commands do; esbuild takes about a second).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Each target: entry points (under `base`) bundled one file each into `outdir`, side by side. */
export const TARGETS = [
  {
    name: "idp",
    base: "apps/idp/src",
    outdir: "apps/idp/dist",
    entries: ["main.ts", "lib/runtime-notice.ts", "cli/seed.ts", "cli/admin-link.ts", "cli/rotate-keys.ts", "cli/generate-users.ts"],
    sources: ["apps/idp/src", "packages/contract/src", "packages/html/src", "prisma/schema.prisma"],
  },
  {
    name: "demo-rp",
    base: "apps/demo-rp/src",
    outdir: "apps/demo-rp/dist",
    entries: ["main.ts"],
    sources: ["apps/demo-rp/src", "packages/html/src"],
  },
];

/** Output file of an entry: flat in outdir (`cli/seed.ts` → `cli-seed.js`), so that every output is at the same depth. */
export const outputName = (entry) => entry.replace(/\.ts$/, "").replaceAll("/", "-") + ".js";

function newest(p) {
  const abs = path.join(root, p);
  if (!fs.existsSync(abs)) return 0;
  const st = fs.statSync(abs);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = 0;
  for (const e of fs.readdirSync(abs, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) max = Math.max(max, fs.statSync(path.join(e.parentPath, e.name)).mtimeMs);
  }
  return max;
}

export function isStale(target) {
  const outputs = target.entries.map((e) => path.join(root, target.outdir, outputName(e)));
  if (!outputs.every((o) => fs.existsSync(o))) return true;
  const built = Math.min(...outputs.map((o) => fs.statSync(o).mtimeMs));
  return target.sources.some((s) => newest(s) > built);
}

/**
 * A bundled module's `import.meta.url` is the bundle's, not its source file's: our modules that find
 * files relative to themselves (prisma/migrations, the console's dist, the common-passwords list)
 * would look in the wrong place. Each `import.meta.url` of our sources becomes the URL of the source
 * file, computed from the bundle's own location — so the tree beside the bundle (the repository, or
 * the image, which keeps the same layout) is where those files are found.
 */
function sourceUrlPlugin(outdir) {
  return {
    name: "source-url",
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, async (args) => {
        if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
        let contents = await fs.promises.readFile(args.path, "utf8");
        if (contents.includes("import.meta.url")) {
          const rel = path.relative(path.join(root, outdir), args.path).split(path.sep).join("/");
          contents = contents.replaceAll("import.meta.url", `new URL(${JSON.stringify(rel)}, import.meta.url).href`);
        }
        return { contents, loader: "ts" };
      });
    },
  };
}

/** npm packages stay external; workspace packages (TypeScript sources) are bundled. */
const externalPackages = {
  name: "external-packages",
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith("@convergences/") || args.path.startsWith("node:")) return undefined;
      return { path: args.path, external: true };
    });
  },
};

export async function buildTarget(target) {
  const esbuild = await import("esbuild");
  const started = Date.now();
  const outdir = path.join(root, target.outdir);
  fs.rmSync(outdir, { recursive: true, force: true });
  for (const entry of target.entries) {
    await esbuild.build({
      absWorkingDir: root,
      entryPoints: [path.join(target.base, entry)],
      outfile: path.join(target.outdir, outputName(entry)),
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20.19",
      sourcemap: "linked",
      logLevel: "warning",
      plugins: [externalPackages, sourceUrlPlugin(target.outdir)],
    });
  }
  console.log(`${target.name} : ${target.outdir}/ construit en ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

export async function build({ ifStale = false } = {}) {
  for (const target of TARGETS) {
    if (ifStale && !isStale(target)) continue;
    await buildTarget(target);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await build({ ifStale: process.argv.includes("--if-stale") });
}
