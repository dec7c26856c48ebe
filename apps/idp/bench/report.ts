// Writes one section of BENCHMARKS.md (between markers), leaving the other sections as they are.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const BENCHMARKS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../BENCHMARKS.md");

export function machine(): string {
  const cpus = os.cpus();
  return `${cpus.length} vCPU (${cpus[0]?.model.trim() ?? "?"}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}, Node ${process.version}`;
}

export function writeSection(name: string, markdown: string): void {
  const begin = `<!-- section:${name} -->`;
  const end = `<!-- /section:${name} -->`;
  let doc = fs.existsSync(BENCHMARKS)
    ? fs.readFileSync(BENCHMARKS, "utf8")
    : "# Benchmarks\n\nEach section is written by its `pnpm bench:*` script; re-run the script to refresh it.\n";
  const block = `${begin}\n${markdown.trim()}\n${end}`;
  const a = doc.indexOf(begin);
  const b = doc.indexOf(end);
  doc = a >= 0 && b > a ? doc.slice(0, a) + block + doc.slice(b + end.length) : doc.trimEnd() + "\n\n" + block + "\n";
  fs.writeFileSync(BENCHMARKS, doc);
}
