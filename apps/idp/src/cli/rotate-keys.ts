// pnpm keys:rotate — a new signing key becomes CURRENT; the previous one stays published in the JWKS
// (and accepted by the API) until the next rotation. Running instances pick the new key up within a
// minute (oidc/index.ts, KEY_CHECK_MS).
import { loadConfig, ConfigError } from "../config.js";
import { openDatabase } from "../db/database.js";
import { migrate } from "../db/migrate.js";
import { createSecretBox, loadSecretKey } from "../lib/secretbox.js";
import { rotateSigningKeys } from "../oidc/keys.js";

try {
  const config = loadConfig();
  const db = await openDatabase(config);
  try {
    await migrate(db.pool);
    const { current, previous } = await rotateSigningKeys(db.prisma, createSecretBox(loadSecretKey(config).key));
    process.stdout.write(
      `Nouvelles clés de signature (ES256, RS256) : ${current.join(", ")}\n` +
        `Clés précédentes, encore publiées : ${previous.join(", ") || "aucune"}\n` +
        `Les instances en marche l'adoptent dans la minute.\n`,
    );
  } finally {
    await db.close();
  }
} catch (e) {
  process.stderr.write((e instanceof ConfigError ? e.message : `Rotation impossible : ${(e as Error).message}`) + "\n");
  process.exitCode = 1;
}
