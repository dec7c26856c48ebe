// Prints the initial JavaScript of the built console: the entry script and every chunk it imports
// statically (what the browser downloads before the first screen), gzipped.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { fileURLToPath } from "node:url";

const dist = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "dist");
const html = fs.readFileSync(path.join(dist, "index.html"), "utf8");
const entry = /<script type="module"[^>]*src="\/aia\/([^"]+)"/.exec(html)?.[1];
if (!entry) throw new Error("entry script not found in dist/index.html");

// Follow static imports (`import … from "./x.js"` / `import "./x.js"`), not dynamic import().
const seen = new Set();
function walk(file) {
  if (seen.has(file)) return;
  seen.add(file);
  const code = fs.readFileSync(path.join(dist, file), "utf8");
  for (const m of code.matchAll(/(?:^|[;\n}])\s*import\s*(?:[\w*{}\s,$]+from\s*)?["']\.\/([^"']+\.js)["']/g))
    walk(path.posix.join(path.posix.dirname(file), m[1]));
}
walk(entry);

let raw = 0;
let gz = 0;
const rows = [];
for (const file of seen) {
  const buf = fs.readFileSync(path.join(dist, file));
  const g = zlib.gzipSync(buf, { level: 9 }).length;
  raw += buf.length;
  gz += g;
  rows.push([file, buf.length, g]);
}
rows.sort((a, b) => b[2] - a[2]);
for (const [f, r, g] of rows)
  console.log(`${f.padEnd(48)} ${(r / 1024).toFixed(1).padStart(8)} kB  gzip ${(g / 1024).toFixed(1).padStart(7)} kB`);
console.log(
  `Initial JavaScript: ${rows.length} files, ${(raw / 1024).toFixed(1)} kB, ${(gz / 1024).toFixed(1)} kB gzipped (budget 300 kB)`,
);
if (gz > 300 * 1024) process.exitCode = 1;
