import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../support/server.js";

const idp = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
// node --import tsx rather than the tsx CLI: SIGTERM then reaches our own handler directly.
const node = process.execPath;

function start(dataDir: string, port: number): { child: ChildProcess; output: () => string } {
  let out = "";
  const child = spawn(node, ["--import", "tsx", "src/main.ts"], {
    cwd: idp,
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, DATABASE_URL: "", PUBLIC_URL: "", LOG_LEVEL: "info" },
  });
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  return { child, output: () => out };
}

async function ready(port: number, output: () => string, timeoutMs = 150_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (r.status === 200) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("not ready:\n" + output());
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return child.exitCode;
  child.kill("SIGTERM");
  return new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
}

describe("Démarrage sur la base embarquée par défaut (sans DATABASE_URL)", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "conv-start-"));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it("démarre, répond à /readyz, affiche un lien à usage unique pour l'administrateur CIG (jamais un mot de passe) et garde ses données après un redémarrage", async () => {
    const port = await freePort();
    const first = start(dataDir, port);
    await ready(port, first.output);
    const out1 = first.output();
    expect(out1).toContain("correspondantcig@cig929394.fr");
    expect(out1).toMatch(new RegExp(`http://localhost:${port}/mot-de-passe/definir\\?jeton=[A-Za-z0-9_-]{43}`));
    expect(out1.toLowerCase()).not.toMatch(/mot de passe\s*:\s*\S|password\s*[:=]/);
    expect(out1).toMatch(/"msg":"requête".*"requestId"/);
    expect(fs.existsSync(path.join(dataDir, "pglite"))).toBe(true);
    expect(await stop(first.child)).toBe(0);

    const second = start(dataDir, port);
    await ready(port, second.output);
    // Already seeded: no new link, the data is still there.
    expect(second.output()).not.toContain("jeton=");
    expect(second.output()).not.toContain("migrations appliquées");
    expect(await stop(second.child)).toBe(0);
  }, 360_000);
});
